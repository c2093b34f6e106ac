// node sign.mjs UNSIGNED.json SECRETKEY_MULTIBASE PUBLICKEY_MULTIBASE DID [KEY_ID]
// Signs a credential with @digitalbazaar/vc issue() and an eddsa-rdfc-2022 Data Integrity
// proof, offline, and prints the signed credential as JSON. The key is an Ed25519 Multikey:
// SECRETKEY_MULTIBASE is "z" + base58btc(0x80 0x26 || 32-byte seed) (multicodec
// ed25519-priv 0x1300), PUBLICKEY_MULTIBASE is "z6Mk..." (ed25519-pub 0xed). The
// verification method is KEY_ID (default DID#key-1). Use test keys only: the secret is
// on the command line.
import {buildDocumentLoader, didDocument} from './loader.mjs';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {issue} from '@digitalbazaar/vc';
import {readFileSync} from 'node:fs';

async function main() {
  const [credentialPath, secretKeyMultibase, publicKeyMultibase, did, keyIdArg] =
    process.argv.slice(2);
  if(!credentialPath || !secretKeyMultibase || !publicKeyMultibase || !did) {
    process.stderr.write('usage: node sign.mjs UNSIGNED.json SECRETKEY_MULTIBASE ' +
      'PUBLICKEY_MULTIBASE DID [KEY_ID]\n');
    process.exit(2);
  }
  const id = keyIdArg || `${did}#key-1`;
  const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id,
    controller: did,
    publicKeyMultibase,
    secretKeyMultibase
  });
  const documentLoader = buildDocumentLoader({
    didDocuments: [didDocument(did, [{id, publicKeyMultibase}])]
  });
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite: eddsaRdfc2022CryptoSuite
  });
  const signed = await issue({credential, suite, documentLoader});
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
}

main().catch(e => {
  process.stderr.write(`sign.mjs: ${e.stack || e}\n`);
  process.exit(1);
});
