// Preloaded into cognito-local (node --require): its store (stormdb) rewrites a whole JSON file
// with fs.writeFile, which truncates first, and starts a new write before the last one ends. A
// kill -9 in the middle, or two writes overlapping, leaves a file it cannot read at the next
// start. Here each write goes to a temporary file that is renamed over the old one (a rename is
// atomic), and a file's writes run one after another in the order they were asked for.
'use strict';
const fs = require('node:fs');

const original = fs.writeFile;
const queues = new Map();
let n = 0;

fs.writeFile = function writeFile(path, data, ...rest) {
  const callback = typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined;
  if (typeof path !== 'string' || !path.endsWith('.json')) return original.call(fs, path, data, ...rest, callback);
  const previous = queues.get(path) ?? Promise.resolve();
  const temporary = `${path}.${process.pid}.${++n}.tmp`;
  const next = previous.then(
    () =>
      new Promise((resolve) => {
        original.call(fs, temporary, data, ...rest, (error) => {
          if (error) return resolve(error);
          fs.rename(temporary, path, resolve);
        });
      }),
  );
  queues.set(path, next.then(() => undefined));
  next.then((error) => callback?.(error ?? null));
};
