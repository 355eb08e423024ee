// A stand-in for Stripe.js (https://js.stripe.com/v3/) served by the Stripe test server: enough of it for a
// card page to confirm a SetupIntent with one of Stripe's test payment methods (pm_card_visa, ...), as
// Stripe.js does in test mode, by calling the test server's API with the publishable key and the client
// secret. It has no card element: real card data belongs in the real Stripe.js only.
(function () {
  'use strict';
  var base = new URL(document.currentScript.src).origin;
  window.Stripe = function (publishableKey) {
    function confirm(clientSecret, paymentMethod) {
      var id = String(clientSecret).split('_secret_')[0];
      var body = new URLSearchParams();
      body.set('key', publishableKey);
      body.set('client_secret', clientSecret);
      body.set('payment_method', paymentMethod);
      return fetch(base + '/v1/setup_intents/' + encodeURIComponent(id) + '/confirm', { method: 'POST', body: body })
        .then(function (response) {
          return response.json().then(function (json) {
            return response.ok ? { setupIntent: json } : { error: json.error || { message: 'HTTP ' + response.status } };
          });
        }, function (failure) {
          return { error: { type: 'api_connection_error', message: String(failure) } };
        });
    }
    return {
      confirmCardSetup: function (clientSecret, data) {
        var method = data && data.payment_method;
        if (typeof method !== 'string') {
          return Promise.resolve({ error: { type: 'invalid_request_error',
            message: 'the Stripe test server takes test payment methods such as pm_card_visa only' } });
        }
        return confirm(clientSecret, method);
      },
      elements: function () {
        return { create: function () { return { mount: function () {} }; } };
      }
    };
  };
})();
