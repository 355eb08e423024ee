package ch.uncloud.testservers.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fake's operations: which method and path template runs which action of {@link StripeState},
 * and what type of object it answers with (for {@code expand[]}). Templates are Stripe's own,
 * e.g. {@code POST /v1/payment_intents/{intent}/confirm}, so parameters are checked per operation.
 */
final class StripeRoutes {
  /** What a handler gets: the path's ids in template order, the parameters and who asked. */
  record Call(List<String> ids, Map<String, Object> params, StripeState.Origin origin) {
    String id() {
      return ids.get(0);
    }
  }

  @FunctionalInterface
  interface Handler {
    Map<String, Object> handle(Call call);
  }

  /**
   * One operation.
   *
   * @param operation e.g. {@code GET /v1/customers/{customer}}
   * @param resultType e.g. {@code customer}, or {@code list:customer}
   * @param handler the action
   */
  record Route(String operation, String resultType, Handler handler) {
    String method() {
      return operation.substring(0, operation.indexOf(' '));
    }

    String[] template() {
      return operation.substring(operation.indexOf(' ') + 1).split("/");
    }
  }

  private final List<Route> routes = new ArrayList<>();

  StripeRoutes(StripeState s) {
    add("POST /v1/customers", "customer", c -> s.createCustomer(c.params()));
    add("GET /v1/customers", "list:customer", c -> s.listCustomers(c.params()));
    add("GET /v1/customers/{customer}", "customer", c -> s.customerOrDeleted(c.id()));
    add("POST /v1/customers/{customer}", "customer", c -> s.updateCustomer(c.id(), c.params()));
    add("DELETE /v1/customers/{customer}", "customer", c -> s.deleteCustomer(c.id()));
    add("GET /v1/customers/{customer}/payment_methods", "list:payment_method",
        c -> s.listPaymentMethods(c.id(), c.params(), "/v1/customers/" + c.id() + "/payment_methods"));
    add("GET /v1/customers/{customer}/payment_methods/{payment_method}", "payment_method",
        c -> s.customerPaymentMethod(c.id(), c.ids().get(1)));
    add("GET /v1/payment_methods", "list:payment_method",
        c -> s.listPaymentMethods((String) c.params().get("customer"), c.params(), "/v1/payment_methods"));
    add("POST /v1/payment_methods", "payment_method", c -> s.createPaymentMethod(c.params()));
    add("GET /v1/payment_methods/{payment_method}", "payment_method", c -> s.paymentMethod(c.id()));
    add("POST /v1/payment_methods/{payment_method}/attach", "payment_method", c -> s.attach(c.id(), c.params()));
    add("POST /v1/payment_methods/{payment_method}/detach", "payment_method", c -> s.detach(c.id()));
    add("POST /v1/setup_intents", "setup_intent", c -> s.createSetupIntent(c.params(), c.origin()));
    add("GET /v1/setup_intents/{intent}", "setup_intent", c -> s.setupIntent(c.id()));
    add("POST /v1/setup_intents/{intent}/confirm", "setup_intent",
        c -> s.confirmSetupIntent(c.id(), c.params(), c.origin()));
    add("POST /v1/payment_intents", "payment_intent", c -> s.createPaymentIntent(c.params(), c.origin()));
    add("GET /v1/payment_intents", "list:payment_intent", c -> s.listPaymentIntents(c.params()));
    add("GET /v1/payment_intents/search", "list:payment_intent", c -> s.searchPaymentIntents(c.params()));
    add("GET /v1/payment_intents/{intent}", "payment_intent", c -> s.paymentIntent(c.id()));
    add("POST /v1/payment_intents/{intent}/confirm", "payment_intent",
        c -> s.confirmPaymentIntent(c.id(), c.params(), c.origin()));
    add("POST /v1/payment_intents/{intent}/cancel", "payment_intent",
        c -> s.cancelPaymentIntent(c.id(), c.params(), c.origin()));
    add("GET /v1/charges/{charge}", "charge", c -> s.charge(c.id()));
    add("POST /v1/refunds", "refund", c -> s.createRefund(c.params(), c.origin()));
    add("GET /v1/refunds", "list:refund", c -> s.listRefunds(c.params()));
    add("GET /v1/refunds/{refund}", "refund", c -> s.refund(c.id()));
  }

  private void add(String operation, String resultType, Handler handler) {
    routes.add(new Route(operation, resultType, handler));
  }

  /**
   * @return every operation, e.g. {@code GET /v1/customers}
   */
  List<String> operations() {
    return routes.stream().map(Route::operation).toList();
  }

  /**
   * @param method the request's method
   * @param path the request's path, e.g. {@code /v1/customers/cus_1}
   * @param ids filled with the path's ids when a route matches
   * @return the matching route; a literal segment beats an id ({@code /search})
   */
  Optional<Route> match(String method, String path, List<String> ids) {
    String[] actual = path.replaceAll("/+$", "").split("/");
    Route best = null;
    List<String> bestIds = null;
    for (Route route : routes) {
      String[] template = route.template();
      if (!route.method().equals(method) || template.length != actual.length) {
        continue;
      }
      List<String> found = new ArrayList<>();
      boolean matches = true;
      for (int i = 0; i < template.length && matches; i++) {
        if (template[i].startsWith("{")) {
          matches = !actual[i].isEmpty();
          found.add(actual[i]);
        } else {
          matches = template[i].equals(actual[i]);
        }
      }
      if (matches && (best == null || found.size() < bestIds.size())) {
        best = route;
        bestIds = found;
      }
    }
    if (best != null) {
      ids.addAll(bestIds);
    }
    return Optional.ofNullable(best);
  }
}
