// Stripe's official Node client (npm "stripe") against uncloud's Stripe test server.
// Started by OfficialNodeClientsTest with STRIPE_PORT set; run alone: STRIPE_PORT=12111 node --test stripe.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';

const port = Number(process.env.STRIPE_PORT);
assert.ok(port > 0, 'STRIPE_PORT must name the test server port');

function client(key = 'sk_test_nodeclient1', options = {}) {
  return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, ...options });
}

async function refusal(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('Stripe would refuse this request, the test server accepted it');
}

async function customerWithCard(stripe, email) {
  const customer = await stripe.customers.create({ email });
  const setup = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
  const confirmed = await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_visa',
    expand: ['latest_attempt'] });
  return { customer, confirmed };
}

test('the pinned API version of the client is accepted and echoed', async () => {
  const stripe = client();
  const customer = await stripe.customers.create({ name: 'Ann' });
  assert.equal(customer.lastResponse.apiVersion, Stripe.API_VERSION);
});

test('a version older than the first dated one is refused', async () => {
  const e = await refusal(client('sk_test_nodeclient1', { apiVersion: '1999-01-01' }).customers.list());
  assert.equal(e.type, 'StripeInvalidRequestError');
  assert.match(e.message, /Invalid Stripe API version: 1999-01-01/);
});

test('saving a card: the setup intent succeeds, records latest_attempt and enables automatic payment methods', async () => {
  const { confirmed } = await customerWithCard(client(), 'setup@example.com');
  assert.equal(confirmed.status, 'succeeded');
  assert.equal(confirmed.latest_attempt.object, 'setup_attempt');
  assert.equal(confirmed.latest_attempt.status, 'succeeded');
  assert.equal(confirmed.automatic_payment_methods.enabled, true);
});

test('paying off-session, expanding two levels, refunding and listing refunds', async () => {
  const stripe = client();
  const { customer, confirmed } = await customerWithCard(stripe, 'pay@example.com');
  const intent = await stripe.paymentIntents.create({ amount: 1250, currency: 'chf', customer: customer.id,
    payment_method: confirmed.payment_method, off_session: true, confirm: true });
  assert.equal(intent.status, 'succeeded');
  const expanded = await stripe.paymentIntents.retrieve(intent.id,
    { expand: ['latest_charge.balance_transaction'] });
  assert.equal(expanded.latest_charge.balance_transaction.amount, 1250);
  const charge = await stripe.charges.retrieve(expanded.latest_charge.id);
  assert.equal(charge.payment_intent, intent.id);
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 250 });
  assert.equal(refund.status, 'succeeded');
  const refunds = await stripe.refunds.list({ payment_intent: intent.id });
  assert.deepEqual(refunds.data.map((r) => r.id), [refund.id]);
});

test('parameter validation: unknown parameters, amounts below the minimum, invalid currencies', async () => {
  const stripe = client();
  const unknown = await refusal(stripe.customers.create({ bogus_field: 'x' }));
  assert.equal(unknown.code, 'parameter_unknown');
  assert.equal(unknown.param, 'bogus_field');
  assert.match(unknown.raw.request_log_url, /^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/);
  const small = await refusal(stripe.paymentIntents.create({ amount: 10, currency: 'chf' }));
  assert.equal(small.code, 'amount_too_small');
  const currency = await refusal(stripe.paymentIntents.create({ amount: 1000, currency: 'xyz' }));
  assert.equal(currency.param, 'currency');
  const expand = await refusal(stripe.paymentIntents.create({ amount: 1000, currency: 'chf', expand: ['status'] }));
  assert.equal(expand.type, 'StripeInvalidRequestError');
});

test('a refund for an unknown payment intent names param payment_intent', async () => {
  const e = await refusal(client().refunds.create({ payment_intent: 'pi_doesnotexist' }));
  assert.equal(e.param, 'payment_intent');
  assert.equal(e.statusCode, 404);
});

test('customers: list by email, page both ways, delete', async () => {
  const stripe = client('rk_test_nodeclient1');
  const email = `list-${Date.now()}@example.com`;
  const created = [];
  for (let i = 0; i < 3; i++) {
    created.push(await stripe.customers.create({ email, name: `c${i}` }));
  }
  const all = await stripe.customers.list({ email });
  assert.deepEqual(all.data.map((c) => c.id), created.map((c) => c.id).reverse());
  const paged = await stripe.customers.list({ email }).autoPagingToArray({ limit: 10 });
  assert.equal(paged.length, 3);
  const before = await stripe.customers.list({ email, ending_before: created[0].id, limit: 1 });
  assert.deepEqual(before.data.map((c) => c.id), [created[1].id]);
  const cursor = await refusal(stripe.customers.list({ starting_after: 'cus_doesnotexist' }));
  assert.equal(cursor.param, 'starting_after');
  const deleted = await stripe.customers.del(created[0].id);
  assert.equal(deleted.deleted, true);
});
