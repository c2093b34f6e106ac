// node canonize.mjs SIGNED.json [DIDDOC.json]
// For diagnosis: prints, as one JSON object, what eddsa-rdfc-2022 signs for the (first)
// proof of a credential, computed by Digital Bazaar's canonicalizer (RDFC-1.0), offline:
// the canonical N-Quads of the proof configuration (the proof without proofValue, with the
// credential's @context) and of the credential without its proof, their SHA-256 hashes
// (hex) and the hex of proofHash || documentHash, the bytes the signature covers.
import {buildDocumentLoader} from './loader.mjs';
import {createHash} from 'node:crypto';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {readFileSync} from 'node:fs';

const [signedPath, didDocPath] = process.argv.slice(2);
if(!signedPath) {
  process.stderr.write('usage: node canonize.mjs SIGNED.json [DIDDOC.json]\n');
  process.exit(2);
}
const signed = JSON.parse(readFileSync(signedPath, 'utf8'));
const didDocuments = didDocPath ? [JSON.parse(readFileSync(didDocPath, 'utf8'))] : [];
const documentLoader = buildDocumentLoader({didDocuments});
const {proof: proofs, ...document} = signed;
const proof = {...(Array.isArray(proofs) ? proofs[0] : proofs)};
delete proof.proofValue;
const proofConfig = {'@context': document['@context'], ...proof};
const sha256 = text => createHash('sha256').update(text, 'utf8').digest('hex');
const documentNquads = await cryptosuite.canonize(document, {documentLoader});
const proofNquads = await cryptosuite.canonize(proofConfig, {documentLoader});
process.stdout.write(JSON.stringify({
  proof_nquads: proofNquads,
  document_nquads: documentNquads,
  proof_hash: sha256(proofNquads),
  document_hash: sha256(documentNquads),
  verify_data: sha256(proofNquads) + sha256(documentNquads)
}, null, 2) + '\n');
