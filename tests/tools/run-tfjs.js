// Usage: node run-tfjs.js MODEL_DIR X.npy Y.npy
// Loads an exported TF.js layers model with tf.loadLayersModel (through an IO handler that
// reads model.json and its weight files from disk) and writes model.predict(X) to Y.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {readNpy, writeNpy} = require('./npy');

function fileHandler(dir) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
      return {modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format,
              generatedBy: json.generatedBy, convertedBy: json.convertedBy};
    },
  };
}

async function main() {
  const [dir, xPath, yPath] = process.argv.slice(2);
  const model = await tf.loadLayersModel(fileHandler(dir), {strict: true});
  const x = readNpy(xPath);
  const y = model.predict(tf.tensor(x.data, x.shape, 'float32'));
  writeNpy(yPath, y.shape, await y.data());
}

main().catch(e => {
  console.error(e.message || e);
  process.exit(1);
});
