// OVH's official Node client (npm "@ovhcloud/node-ovh") against uncloud's OVH test server over HTTPS.
// Started by OfficialNodeClientsTest with OVH_PORT, OVH_APP_KEY, OVH_APP_SECRET, OVH_CONSUMER_KEY and
// NODE_EXTRA_CA_CERTS (the server's exported certificate) set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ovhClient = require('@ovhcloud/node-ovh');

const port = Number(process.env.OVH_PORT);
assert.ok(port > 0, 'OVH_PORT must name the test server port');
const credentials = { appKey: process.env.OVH_APP_KEY, appSecret: process.env.OVH_APP_SECRET };

function client(extra = {}) {
  return ovhClient({ ...credentials, consumerKey: process.env.OVH_CONSUMER_KEY, host: '127.0.0.1', port, ...extra });
}

async function refusal(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('OVH would refuse this request, the test server accepted it');
}

test('the whole cart flow of OVH ordering guide, with the API schema loaded and no warning', async () => {
  const warnings = [];
  const ovh = client({ apis: ['order'], warn: (w) => warnings.push(w) });
  const catalog = await ovh.requestPromised('GET', '/order/catalog/formatted/dedicated', { ovhSubsidiary: 'FR' });
  const plan = catalog.products.find((p) => p.code === '24rise01');
  assert.ok(plan.datacenters.includes('rbx'));
  const cart = await ovh.requestPromised('POST', '/order/cart', { ovhSubsidiary: 'FR', description: 'node-ovh' });
  await ovh.requestPromised('POST', `/order/cart/${cart.cartId}/assign`);
  const item = await ovh.requestPromised('POST', `/order/cart/${cart.cartId}/dedicated`,
    { duration: 'P1M', planCode: '24rise01', pricingMode: 'default', quantity: 1 });
  const required = await ovh.requestPromised('GET', `/order/cart/${cart.cartId}/item/${item.itemId}/requiredConfiguration`);
  assert.deepEqual(required.map((r) => r.label).sort(), ['dedicated_datacenter', 'dedicated_os', 'region']);
  const values = { dedicated_datacenter: 'rbx', dedicated_os: 'debian12_64', region: 'europe' };
  for (const label of Object.keys(values)) {
    await ovh.requestPromised('POST', `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`,
      { label, value: values[label] });
  }
  const preview = await ovh.requestPromised('GET', `/order/cart/${cart.cartId}/checkout`);
  assert.equal(preview.orderId, null);
  assert.ok(preview.prices.withTax.value > 0);
  const order = await ovh.requestPromised('POST', `/order/cart/${cart.cartId}/checkout`,
    { autoPayWithPreferredPaymentMethod: false, waiveRetractationPeriod: false });
  assert.ok(order.orderId > 0);
  assert.deepEqual(await ovh.requestPromised('GET', `/order/cart/${cart.cartId}`).then((c) => c.readOnly), true);
  assert.deepEqual(warnings, []);
});

test('a route that needs a login, called without a consumer key, is 401 "You must login first"', async () => {
  const anonymous = ovhClient({ ...credentials, host: '127.0.0.1', port });
  const e = await refusal(anonymous.requestPromised('GET', '/order/cart'));
  assert.equal(e.error, 401);
  assert.equal(e.message, 'You must login first');
});

// The negative cases sign with node-ovh's own signRequest, then send something else than was signed.
function sendSigned(ovh, { method, signedPath, sentPath = signedPath, signedBody = '', sentBody = signedBody,
  timestamp = Math.round(Date.now() / 1000), sentTimestamp = timestamp }) {
  const signature = ovh.signRequest(method, `https://127.0.0.1${signedPath}`, signedBody, timestamp);
  return new Promise((resolve, reject) => {
    const request = https.request({ host: '127.0.0.1', port, method, path: sentPath, headers: {
      'Content-Type': 'application/json', 'X-Ovh-Application': credentials.appKey,
      'X-Ovh-Consumer': process.env.OVH_CONSUMER_KEY, 'X-Ovh-Timestamp': sentTimestamp,
      'X-Ovh-Signature': signature } }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(body) }));
    });
    request.on('error', reject);
    request.end(sentBody || undefined);
  });
}

test('what node-ovh signs is accepted as sent', async () => {
  const answer = await sendSigned(client(), { method: 'GET', signedPath: '/1.0/order/cart' });
  assert.equal(answer.status, 200);
});

test('a tampered path is refused: Invalid signature', async () => {
  const answer = await sendSigned(client(), { method: 'GET', signedPath: '/1.0/order/cart?description=a',
    sentPath: '/1.0/order/cart?description=b' });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.message, 'Invalid signature');
});

test('a tampered body is refused: Invalid signature', async () => {
  const answer = await sendSigned(client(), { method: 'POST', signedPath: '/1.0/order/cart',
    signedBody: '{"ovhSubsidiary":"FR"}', sentBody: '{"ovhSubsidiary":"DE"}' });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.message, 'Invalid signature');
});

test('a tampered or stale timestamp is refused', async () => {
  const timestamp = Math.round(Date.now() / 1000);
  const tampered = await sendSigned(client(), { method: 'GET', signedPath: '/1.0/order/cart', timestamp,
    sentTimestamp: timestamp + 1 });
  assert.equal(tampered.status, 400);
  assert.equal(tampered.body.message, 'Invalid signature');
  const stale = await sendSigned(client(), { method: 'GET', signedPath: '/1.0/order/cart', timestamp: timestamp - 3600 });
  assert.equal(stale.status, 400);
  assert.equal(stale.body.message, 'Query out of time');
});
