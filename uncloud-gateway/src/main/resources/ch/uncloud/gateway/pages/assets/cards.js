// Card registration: confirms the setup with Stripe.js (card data goes to Stripe, never to this server),
// then posts the setup id back so the server saves the card. In Stripe's test mode the person picks one of
// Stripe's test cards; otherwise Stripe's card element is shown.
(function () {
  'use strict';
  var form = document.getElementById('card-form');
  var error = document.getElementById('card-error');
  if (!form || typeof window.Stripe !== 'function') {
    if (error) {
      error.textContent = 'Stripe.js could not be loaded; check the connection and reload the page.';
      error.hidden = false;
    }
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var mount = document.getElementById('card-element');
  var card = null;
  if (mount) {
    card = stripe.elements().create('card');
    card.mount(mount);
  }
  var confirmed = false;
  form.addEventListener('submit', function (event) {
    if (confirmed) {
      return;
    }
    event.preventDefault();
    error.hidden = true;
    var chosen = form.querySelector('input[name="test_card"]:checked');
    var method = chosen ? chosen.value : { card: card };
    var button = document.getElementById('save-card');
    button.disabled = true;
    stripe.confirmCardSetup(form.dataset.clientSecret, { payment_method: method }).then(function (result) {
      if (result.error) {
        error.textContent = result.error.message || 'The card was not accepted.';
        error.hidden = false;
        button.disabled = false;
        return;
      }
      confirmed = true;
      if (chosen) {
        chosen.disabled = true; // only the setup id goes to the server
      }
      form.submit();
    });
  });
})();
