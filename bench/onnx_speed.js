// Usage: node onnx_speed.js MODEL.onnx BATCH SECONDS THREADS SHAPE
// ONNX Runtime's (CPU) latency on an exported model, for bench/infer_speed.py. THREADS 0: ORT's
// default intra-op threads. SHAPE: a sample's shape, as 800,1. Runs one batch of BATCH random rows
// per call: a warm-up for a tenth of SECONDS, then as many calls as fill SECONDS; prints one line
// of key=value pairs.
'use strict';
const path = require('path');
const ort = require(path.join(__dirname, '../tests/tools/node_modules/onnxruntime-node'));

async function main() {
  const [model, batchArg, secondsArg, threadsArg, shapeArg] = process.argv.slice(2);
  const batch = Number(batchArg || 1), seconds = Number(secondsArg || 1);
  const threads = Number(threadsArg || 0);
  const options = threads > 0 ? {intraOpNumThreads: threads, interOpNumThreads: 1} : {};
  const session = await ort.InferenceSession.create(model, options);
  const dims = shapeArg.split(',').map(Number);
  const shape = [batch, ...dims];
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; ++i) data[i] = Math.random() * 2 - 1;
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', data, shape)};
  const name = session.outputNames[0];
  let checksum = 0;
  const now = () => Number(process.hrtime.bigint()) * 1e-9;
  let t0 = now();
  do checksum += (await session.run(feeds))[name].data[0];
  while (now() - t0 < seconds / 10);
  let calls = 0;
  t0 = now();
  do {
    checksum += (await session.run(feeds))[name].data[0];
    ++calls;
  } while (now() - t0 < seconds);
  const s = now() - t0;
  console.log(`onnx batch=${batch} threads=${threads || 'default'} calls=${calls} ` +
              `us_per_call=${(s / calls * 1e6).toFixed(3)} ` +
              `samples_per_s=${(batch * calls / s).toFixed(1)} checksum=${checksum}`);
}

main().catch(e => {
  console.error(e.message || e);
  process.exit(1);
});
