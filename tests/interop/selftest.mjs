// node selftest.mjs: sign.mjs and verify.mjs against each other, without Python.
// A fresh key signs fixtures/unsigned-open-badge.json; verify.mjs must accept it, and must
// reject a copy with the achievement name changed and a copy checked against another key.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {didDocument} from './loader.mjs';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {fileURLToPath} from 'node:url';
import {join} from 'node:path';
import {tmpdir} from 'node:os';

const here = fileURLToPath(new URL('.', import.meta.url));
const did = 'did:web:certificates.example.org';
const dir = mkdtempSync(join(tmpdir(), 'ujuzi-interop-'));

function run(script, args) {
  try {
    return {code: 0, stdout: execFileSync('node', [join(here, script), ...args],
      {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})};
  } catch(e) {
    return {code: e.status, stdout: e.stdout};
  }
}

function check(name, ok, detail) {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail.trim()}\n`);
  if(!ok) {
    process.exitCode = 1;
  }
}

const key = await Ed25519Multikey.generate({id: `${did}#key-1`, controller: did});
const {publicKeyMultibase, secretKeyMultibase} = await key.export(
  {publicKey: true, secretKey: true, includeContext: true});
const other = await Ed25519Multikey.generate({id: `${did}#key-1`, controller: did});
const otherPublic = (await other.export({publicKey: true})).publicKeyMultibase;

const didDocPath = join(dir, 'did.json');
writeFileSync(didDocPath, JSON.stringify(
  didDocument(did, [{id: `${did}#key-1`, publicKeyMultibase}])));
const otherDidDocPath = join(dir, 'other-did.json');
writeFileSync(otherDidDocPath, JSON.stringify(
  didDocument(did, [{id: `${did}#key-1`, publicKeyMultibase: otherPublic}])));

const signed = run('sign.mjs', [join(here, 'fixtures/unsigned-open-badge.json'),
  secretKeyMultibase, publicKeyMultibase, did]);
check('sign.mjs signs', signed.code === 0, `exit ${signed.code}`);
const credential = JSON.parse(signed.stdout);
const signedPath = join(dir, 'signed.json');
writeFileSync(signedPath, JSON.stringify(credential));

const good = run('verify.mjs', [signedPath, didDocPath]);
check('verify.mjs accepts it', good.code === 0, good.stdout);

const tampered = structuredClone(credential);
tampered.credentialSubject.achievement.name = 'Expert in everything';
const tamperedPath = join(dir, 'tampered.json');
writeFileSync(tamperedPath, JSON.stringify(tampered));
const bad = run('verify.mjs', [tamperedPath, didDocPath]);
check('verify.mjs rejects a changed achievement name', bad.code === 1, bad.stdout);

const wrongKey = run('verify.mjs', [signedPath, otherDidDocPath]);
check('verify.mjs rejects another key', wrongKey.code === 1, wrongKey.stdout);

const proof = credential.proof;
check('proof shape', proof.type === 'DataIntegrityProof' &&
  proof.cryptosuite === 'eddsa-rdfc-2022' && proof.proofPurpose === 'assertionMethod',
  JSON.stringify({...proof, proofValue: proof.proofValue.slice(0, 12) + '...'}));

const foreign = structuredClone(credential);
foreign['@context'] = [...foreign['@context'], 'https://example.org/unknown-context.json'];
const foreignPath = join(dir, 'foreign.json');
writeFileSync(foreignPath, JSON.stringify(foreign));
const offline = run('verify.mjs', [foreignPath, didDocPath]);
check('the loader fetches nothing', offline.code === 1 &&
  offline.stdout.includes('refusing to load'), offline.stdout);
