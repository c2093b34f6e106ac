// node contexts.mjs: prints {url: context} for every context the offline loader knows,
// as one JSON object (the Python tests compare Ujuzi's shipped copies with these).
import {knownContexts} from './loader.mjs';

process.stdout.write(JSON.stringify(Object.fromEntries(knownContexts())) + '\n');
