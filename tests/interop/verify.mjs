// node verify.mjs CREDENTIAL.json DIDDOC.json
// Verifies a credential's eddsa-rdfc-2022 Data Integrity proof with Digital Bazaar's
// @digitalbazaar/vc, offline. Prints one JSON line {"verified": bool, "error": "..."};
// exits 0 when verified, 1 otherwise (2 on bad usage).
import {readFileSync} from 'node:fs';
import {buildDocumentLoader} from './loader.mjs';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {verifyCredential} from '@digitalbazaar/vc';

function report(verified, error = '') {
  process.stdout.write(JSON.stringify({verified, error}) + '\n');
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
  for(const r of result.results || []) {
    collect(r.error);
  }
  return errors.join('; ') || 'not verified';
}

async function main() {
  const [credentialPath, didDocPath] = process.argv.slice(2);
  if(!credentialPath || !didDocPath) {
    process.stderr.write('usage: node verify.mjs CREDENTIAL.json DIDDOC.json\n');
    process.exit(2);
  }
  const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
  const didDocument = JSON.parse(readFileSync(didDocPath, 'utf8'));
  const documentLoader = buildDocumentLoader({didDocuments: [didDocument]});
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const result = await verifyCredential({
    credential,
    suite,
    documentLoader,
    // Ujuzi has no status list yet: credential status is not checked here.
    checkStatus: async () => ({verified: true})
  });
  report(result.verified === true, result.verified ? '' : errorText(result));
}

main().catch(e => report(false, e.message || String(e)));
