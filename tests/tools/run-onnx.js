// Usage: node run-onnx.js MODEL.onnx X.npy Y.npy
// Runs an exported ONNX model in ONNX Runtime (CPU) on X and writes its output to Y.
'use strict';
const ort = require('onnxruntime-node');
const {readNpy, writeNpy} = require('./npy');

async function main() {
  const [model, xPath, yPath] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  const x = readNpy(xPath);
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape)};
  const out = await session.run(feeds);
  const y = out[session.outputNames[0]];
  writeNpy(yPath, y.dims, y.data);
}

main().catch(e => {
  console.error(e.message || e);
  process.exit(1);
});
