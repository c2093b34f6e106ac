// node verify.mjs CREDENTIAL.json DIDDOC.json [STATUSLISTS.json]
// Verifies a credential's eddsa-rdfc-2022 Data Integrity proof with Digital Bazaar's
// @digitalbazaar/vc, offline. With STATUSLISTS.json (a list of signed
// BitstringStatusListCredentials, served by the loader under their ids) the status is
// checked too, with @digitalbazaar/vc-bitstring-status-list's checkStatus, which also
// verifies the list's own signature. Prints one JSON line
// {"verified": bool, "error": "...", "revoked": bool|null}; exits 0 when verified and
// not revoked, 1 otherwise (2 on bad usage).
import {readFileSync} from 'node:fs';
import {buildDocumentLoader} from './loader.mjs';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {verifyCredential} from '@digitalbazaar/vc';

function report(verified, error = '', revoked = null) {
  process.stdout.write(JSON.stringify({verified, error, revoked}) + '\n');
  process.exitCode = verified ? 0 : 1;
}

function errorText(result) {
  const errors = [];
  const collect = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(collect);
      return;
    }
    if(e.errors) {
      collect(e.errors);
    }
    if(e.message && !errors.includes(e.message)) {
      errors.push(e.message);
    }
    // jsonld wraps a loader refusal: say what the loader said too
    collect(e.details && e.details.cause);
    collect(e.cause);
  };
  collect(result.error);
  collect(result.statusResult && result.statusResult.error);
  for(const r of result.results || []) {
    collect(r.error);
  }
  return errors.join('; ') || 'not verified';
}

async function main() {
  const [credentialPath, didDocPath, statusListsPath] = process.argv.slice(2);
  if(!credentialPath || !didDocPath) {
    process.stderr.write(
      'usage: node verify.mjs CREDENTIAL.json DIDDOC.json [STATUSLISTS.json]\n');
    process.exit(2);
  }
  const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
  const didDocument = JSON.parse(readFileSync(didDocPath, 'utf8'));
  const documents = statusListsPath ?
    JSON.parse(readFileSync(statusListsPath, 'utf8')) : [];
  const documentLoader = buildDocumentLoader({didDocuments: [didDocument], documents});
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const result = await verifyCredential({
    credential,
    suite,
    documentLoader,
    // Without status lists the status is not checked.
    checkStatus: statusListsPath ?
      options => checkStatus({...options, suite}) : async () => ({verified: true})
  });
  const statuses = (result.statusResult && result.statusResult.results) || [];
  const revoked = statusListsPath ?
    statuses.some(({status}) => status === true) : null;
  if(result.verified && revoked) {
    report(false, 'revoked', true);
    return;
  }
  report(result.verified === true, result.verified ? '' : errorText(result), revoked);
}

main().catch(e => report(false, e.message || String(e)));
