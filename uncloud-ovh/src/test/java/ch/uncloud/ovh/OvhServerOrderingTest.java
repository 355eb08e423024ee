package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.testkit.InMemoryOutbox;
import ch.uncloud.testservers.ovh.FakeOvhServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("OvhServerOrdering: journaled order flow")
class OvhServerOrderingTest {
  private static final ServerOrderRequest RISE = new ServerOrderRequest("24rise01", "rbx", "debian12_64", null);

  @TempDir
  Path journalDir;
  private FakeOvh fake;

  @BeforeEach
  void start() {
    fake = new FakeOvh();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private OvhServerOrdering ordering(OvhOrderJournal journal) {
    return OvhServerOrdering.builder(fake.client().build(), journal).ownsClient(true).build();
  }

  private OvhServerOrdering ordering() {
    return ordering(FileOvhOrderJournal.open(journalDir));
  }

  private List<String> calls() {
    return fake.server.requests().stream().map(r -> r.method() + " " + r.path().replaceAll("[a-z0-9]{16}", "{cart}")
        .replaceAll("/\\d{4,}", "/{id}")).toList();
  }

  @Test
  @DisplayName("the whole flow runs cart, plan, configuration, assign and dry run, and checks out only when asked")
  void wholeFlow() {
    try (OvhServerOrdering ordering = ordering()) {
      ServerOrder prepared = ordering.prepare(RISE);
      assertThat(calls()).containsExactly(
          "GET /order/catalog/formatted/dedicated?ovhSubsidiary=FR",
          "GET /order/catalog/public/baremetalServers?ovhSubsidiary=FR",
          "GET /auth/time",
          "POST /order/cart",
          "POST /order/cart/{cart}/dedicated",
          "GET /order/cart/{cart}/item/{id}/requiredConfiguration",
          "POST /order/cart/{cart}/item/{id}/configuration",
          "POST /order/cart/{cart}/item/{id}/configuration",
          "POST /order/cart/{cart}/item/{id}/configuration",
          "POST /order/cart/{cart}/assign",
          "GET /order/cart/{cart}/checkout");
      assertThat(fake.server.checkoutsReceived()).isZero();
      OvhOrderRecord record = ordering.inspect(prepared.id());
      assertThat(record.state()).isEqualTo(OvhOrderRecord.State.PREPARED);
      assertThat(record.cartId()).isEqualTo(fake.server.cartIds().get(0));
      assertThat(record.itemId()).isNotNull();
      assertThat(record.configurations()).containsOnlyKeys("dedicated_datacenter", "dedicated_os", "region");
      assertThat(record.priceWithoutTax()).isEqualByComparingTo("59.99");
      assertThat(record.priceWithTax()).isEqualByComparingTo("71.99");
      assertThat(record.currency()).isEqualTo("EUR");
      assertThat(record.steps()).extracting(OvhOrderRecord.Step::name).containsExactly("started", "cart_created",
          "item_added", "configured", "configured", "configured", "assigned", "priced");

      ServerOrder bought = ordering.checkout(prepared.id());
      assertThat(bought.status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
      assertThat(bought.providerOrderId()).isEqualTo("90000000");
      OvhOrderRecord done = ordering.inspect(prepared.id());
      assertThat(done.orderUrl()).contains("90000000");
      assertThat(done.steps()).extracting(OvhOrderRecord.Step::name).endsWith("checkout_sending", "checked_out");
      assertThat(fake.server.isCartValidated(done.cartId())).isTrue();
      assertThat(fake.server.requests().get(fake.server.requests().size() - 1).body())
          .isEqualTo("{\"waiveRetractationPeriod\":false,\"autoPayWithPreferredPaymentMethod\":false}");
    }
  }

  @Test
  @DisplayName("the journal survives a restart: a new instance lists and checks out the prepared order")
  void journalSurvivesRestart() {
    String id;
    try (OvhServerOrdering first = ordering()) {
      id = first.prepare(RISE).id();
    }
    try (OvhServerOrdering second = ordering()) {
      assertThat(second.orders()).extracting(ServerOrder::id).containsExactly(id);
      assertThat(second.checkout(id).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    }
    assertThat(journalDir.toFile().list()).containsExactlyInAnyOrder(id + ".json", id + ".lock");
  }

  @Test
  @DisplayName("a crash right after the durable 'sending' mark never leads to a second checkout")
  void crashAfterSendingMark() {
    String id;
    OvhOrderJournal files = FileOvhOrderJournal.open(journalDir);
    OvhOrderJournal crashing = new OvhOrderJournal() {
      @Override
      public void save(OvhOrderRecord record) {
        files.save(record);
        if (record.state() == OvhOrderRecord.State.SENDING) {
          throw new IllegalStateException("simulated crash after the sending mark");
        }
      }

      @Override
      public Optional<OvhOrderRecord> find(String orderId) {
        return files.find(orderId);
      }

      @Override
      public List<OvhOrderRecord> all() {
        return files.all();
      }

      @Override
      public OrderLock lock(String orderId) {
        return files.lock(orderId);
      }
    };
    try (OvhServerOrdering doomed = ordering(crashing)) {
      id = doomed.prepare(RISE).id();
      assertThatThrownBy(() -> doomed.checkout(id)).hasMessageContaining("simulated crash");
    }
    assertThat(fake.server.checkoutsReceived()).isZero();
    try (OvhServerOrdering restarted = ordering()) {
      assertThat(restarted.orders()).singleElement().extracting(ServerOrder::status)
          .isEqualTo(ServerOrder.Status.CHECKOUT_UNCONFIRMED);
      assertThatThrownBy(() -> restarted.checkout(id)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown")
          .hasMessageContaining("will not send it again").hasMessageContaining(restarted.inspect(id).cartId());
      assertThatThrownBy(() -> restarted.resume(id)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown");
      assertThat(restarted.inspect(id).state()).isEqualTo(OvhOrderRecord.State.UNCONFIRMED);
      assertThat(restarted.inspect(id).steps()).extracting(OvhOrderRecord.Step::name)
          .contains("checkout_interrupted", "checkout_still_unknown");
    }
    assertThat(fake.server.checkoutsReceived()).isZero();
  }

  @Test
  @DisplayName("a checkout that timed out after reaching OVH is settled from the validated cart, not sent again")
  void timeoutAfterSend() {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      fake.server.delayNext("POST", "/checkout", Duration.ofMillis(3500));
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown");
      assertThat(ordering.inspect(id).state()).isEqualTo(OvhOrderRecord.State.UNCONFIRMED);
      ServerOrder settled = ordering.resume(id);
      assertThat(settled.status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
      assertThat(settled.providerOrderId()).isNull();
      assertThat(ordering.checkout(id)).isEqualTo(settled);
      assertThat(fake.server.checkoutsReceived()).isEqualTo(1);
      assertThat(fake.server.orderCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a preparation interrupted by a server error resumes without a second cart, item or configuration")
  void interruptedPreparationResumes() {
    try (OvhServerOrdering ordering = ordering()) {
      fake.server.failNext("POST", "/assign", 503);
      assertThatThrownBy(() -> ordering.prepare(RISE)).isInstanceOf(OvhUnavailableException.class);
      OvhOrderRecord interrupted = ordering.records().get(0);
      assertThat(interrupted.state()).isEqualTo(OvhOrderRecord.State.PREPARING);
      assertThat(interrupted.configurations()).hasSize(3);
      assertThat(ordering.orders()).isEmpty();
      assertThatThrownBy(() -> ordering.checkout(interrupted.id())).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
          .hasMessageContaining("resume");

      ServerOrder resumed = ordering.resume(interrupted.id());
      assertThat(resumed.status()).isEqualTo(ServerOrder.Status.PREPARED);
      assertThat(fake.server.cartIds()).hasSize(1);
      assertThat(ordering.checkout(resumed.id()).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    }
  }

  @Test
  @DisplayName("a preparation interrupted before its item was recorded finds the item in the cart instead of adding one")
  void resumeFindsItemInCart() {
    try (OvhServerOrdering ordering = ordering()) {
      fake.server.delayNext("POST", "/dedicated", Duration.ofMillis(3500));
      assertThatThrownBy(() -> ordering.prepare(RISE)).isInstanceOf(OvhUnavailableException.class);
      OvhOrderRecord interrupted = ordering.records().get(0);
      assertThat(interrupted.itemId()).isNull();
      assertThat(interrupted.cartId()).isNotNull();

      ordering.resume(interrupted.id());
      OvhOrderRecord resumed = ordering.inspect(interrupted.id());
      assertThat(resumed.steps()).extracting(OvhOrderRecord.Step::name).contains("item_found");
      assertThat(fake.server.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/dedicated"))
          .hasSize(1);
      assertThat(ordering.checkout(resumed.id()).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    }
  }

  @Test
  @DisplayName("a checkout with an outbox hands its event to the journal with the record that checks the order out; a refused one announces nothing")
  void checkoutEventGoesWithTheCheckedOutRecord() {
    InMemoryOutbox outbox = InMemoryOutbox.create();
    List<String> announcedWith = new ArrayList<>();
    OvhOrderJournal files = FileOvhOrderJournal.open(journalDir);
    OvhOrderJournal watching = new OvhOrderJournal() {
      @Override
      public void save(OvhOrderRecord record) {
        files.save(record);
      }

      @Override
      public void save(OvhOrderRecord record, EventOutbox into, List<Event> events) {
        announcedWith.add(record.state() + " " + record.steps().get(record.steps().size() - 1).name());
        OvhOrderJournal.super.save(record, into, events);
      }

      @Override
      public Optional<OvhOrderRecord> find(String orderId) {
        return files.find(orderId);
      }

      @Override
      public List<OvhOrderRecord> all() {
        return files.all();
      }

      @Override
      public OrderLock lock(String orderId) {
        return files.lock(orderId);
      }
    };
    Function<ServerOrder, List<Event>> rule = order -> order.status() != ServerOrder.Status.CHECKED_OUT ? List.of()
        : List.of(new Event(EventId.derived("checked out " + order.id()), EventType.SERVER_ORDER_CHECKED_OUT,
            Instant.EPOCH, Username.of("uncloud:servers"), Map.of("order", order.id(), "provider_order",
                order.providerOrderId(), "total", "1", "currency", "EUR", "plan", "p", "datacenter", "d")));
    try (OvhServerOrdering ordering = ordering(watching)) {
      String id = ordering.prepare(RISE).id();
      fake.server.forbidCheckout(true);
      assertThatThrownBy(() -> ordering.checkout(id, outbox, rule)).isInstanceOf(OvhForbiddenException.class);
      assertThat(outbox.events(0, 10)).isEmpty();

      fake.server.forbidCheckout(false);
      ServerOrder bought = ordering.checkout(id, outbox, rule);
      ordering.checkout(id, outbox, rule);

      assertThat(announcedWith).containsExactly("CHECKED_OUT checked_out");
      assertThat(outbox.events(0, 10)).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.SERVER_ORDER_CHECKED_OUT);
        assertThat(e.data()).containsEntry("order", id).containsEntry("provider_order", bought.providerOrderId());
      });
    }
  }

  @Test
  @DisplayName("a forbidden checkout keeps the order prepared, and it can be checked out once allowed")
  void forbiddenCheckout() {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      fake.server.forbidCheckout(true);
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOfSatisfying(OvhForbiddenException.class,
          e -> assertThat(e.ovhError().message()).isEqualTo("You are not allowed"));
      assertThat(ordering.inspect(id).state()).isEqualTo(OvhOrderRecord.State.PREPARED);
      fake.server.forbidCheckout(false);
      assertThat(ordering.checkout(id).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
      assertThat(fake.server.orderCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a cart that expired before checkout fails the order, which must be prepared again")
  void expiredCart() {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      fake.server.expireCart(ordering.inspect(id).cartId());
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOfSatisfying(OvhResourceExpiredException.class,
          e -> assertThat(e.ovhError().httpStatus()).isEqualTo(460));
      assertThat(ordering.inspect(id).state()).isEqualTo(OvhOrderRecord.State.FAILED);
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
          .hasMessageContaining("prepare a new order");
      assertThat(fake.server.orderCount()).isZero();
    }
  }

  @Test
  @DisplayName("an operating system the plan does not take is refused before any cart, naming those it takes")
  void badOperatingSystem() {
    try (OvhServerOrdering ordering = ordering()) {
      assertThatThrownBy(() -> ordering.prepare(new ServerOrderRequest("24rise01", "rbx", "windows95", "europe")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("dedicated_os 'windows95'").hasMessageContaining("debian12_64");
      assertThat(fake.server.cartIds()).isEmpty();
    }
  }

  @Test
  @DisplayName("a prepared order is reconfigured in its cart: the changed configuration is replaced and priced again")
  void reconfigure() {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      ServerOrder changed = ordering.reconfigure(id, "gra", null, null);

      assertThat(changed.status()).isEqualTo(ServerOrder.Status.PREPARED);
      assertThat(changed.request().datacenter()).isEqualTo("gra");
      assertThat(changed.request().operatingSystem()).isEqualTo(RISE.operatingSystem());
      assertThat(calls()).contains("DELETE /order/cart/{cart}/item/{id}/configuration/{id}");
      assertThat(ordering.inspect(id).steps()).extracting(OvhOrderRecord.Step::name)
          .contains("unconfigured", "reconfigured", "priced");
      assertThat(ordering.checkout(id).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
      assertThat(fake.server.cartIds()).hasSize(1);
      assertThatThrownBy(() -> ordering.reconfigure(id, "rbx", null, null))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("only a prepared order");
    }
  }

  @Test
  @DisplayName("a failed preparation is journaled as failed and its cart deleted")
  void failedPreparation() {
    try (OvhServerOrdering ordering = ordering()) {
      assertThatThrownBy(() -> ordering.prepare(new ServerOrderRequest("99nope01", "gra", "none_64.en", null)))
          .isInstanceOf(OvhBadRequestException.class);
      OvhOrderRecord failed = ordering.records().get(0);
      assertThat(failed.state()).isEqualTo(OvhOrderRecord.State.FAILED);
      assertThat(failed.steps()).extracting(OvhOrderRecord.Step::name).endsWith("failed", "cart_deleted");
      assertThat(fake.server.cartIds()).isEmpty();
    }
  }

  @Test
  @DisplayName("malformed request values are refused before anything is sent")
  void malformedRequest() {
    try (OvhServerOrdering ordering = ordering()) {
      assertThatThrownBy(() -> ordering.prepare(new ServerOrderRequest("24rise01", "gra; rm", "none_64.en", null)))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("datacenter");
      assertThat(fake.server.requests()).isEmpty();
    }
  }

  @Test
  @DisplayName("the journal file is written atomically and reads back every field")
  void journalRoundTrip() throws Exception {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      ordering.checkout(id);
      OvhOrderRecord written = ordering.inspect(id);
      FileOvhOrderJournal reopened = FileOvhOrderJournal.open(journalDir);
      assertThat(reopened.find(id)).contains(written);
      assertThat(reopened.find("../etc/passwd")).isEmpty();
      try (var files = Files.list(journalDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(id + ".json", id + ".lock");
      }
      assertThat(Files.readString(journalDir.resolve(id + ".json"))).contains("\"state\": \"CHECKED_OUT\"")
          .contains("\"priceWithoutTax\": \"59.99\"");
    }
  }

  @Test
  @DisplayName("the fake rejects a client whose clock is off by more than the allowed skew without /auth/time")
  void fakeRejectsSkew() {
    fake.server.serverTimeOffset(Duration.ofMinutes(5));
    try (OvhClient client = fake.client().build()) {
      client.refreshTime();
      fake.server.serverTimeOffset(Duration.ZERO);
      // the client still believes in +5 min; the fake refuses, the client relearns and succeeds once
      client.get("/order/cart");
    }
    List<FakeOvhServer.RecordedRequest> requests = fake.server.requests();
    assertThat(requests).extracting(FakeOvhServer.RecordedRequest::path)
        .containsExactly("/auth/time", "/order/cart", "/auth/time", "/order/cart");
  }

  @Test
  @DisplayName("a checkout refused locally for missing credentials leaves the order prepared, as nothing was sent")
  void checkoutWithoutConsumerKey() {
    String id;
    try (OvhServerOrdering ordering = ordering()) {
      id = ordering.prepare(RISE).id();
    }
    try (OvhServerOrdering unsigned = OvhServerOrdering.builder(fake.client().consumerKey(null).build(),
        FileOvhOrderJournal.open(journalDir)).build()) {
      assertThatThrownBy(() -> unsigned.checkout(id)).isInstanceOf(ch.uncloud.api.ConfigurationException.class)
          .hasMessageContaining("uncloud.ovh.consumer-key");
      assertThat(unsigned.inspect(id).state()).isEqualTo(OvhOrderRecord.State.PREPARED);
    }
    assertThat(fake.server.checkoutsReceived()).isZero();
  }

  @Test
  @DisplayName("the catalog of another subsidiary can be searched, and an unknown subsidiary is refused locally")
  void catalogBySubsidiary() {
    try (OvhServerOrdering ordering = ordering()) {
      assertThat(ordering.catalog("GB", new ch.uncloud.api.servers.ServerQuery("kimsufi", null, null))).hasSize(2);
      assertThat(fake.server.requests()).extracting(FakeOvhServer.RecordedRequest::path)
          .containsExactly("/order/catalog/formatted/dedicated?ovhSubsidiary=GB");
      assertThatThrownBy(() -> ordering.catalog("XX", null)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
          .hasMessageContaining("FR");
      assertThat(fake.server.requests()).hasSize(1);
    }
  }

  @Test
  @DisplayName("two service instances checking out the same order at once send one checkout")
  void concurrentCheckoutsSendOnce() throws Exception {
    String id;
    try (OvhServerOrdering ordering = ordering()) {
      id = ordering.prepare(RISE).id();
    }
    try (OvhServerOrdering a = ordering(); OvhServerOrdering b = ordering()) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<ServerOrder>> results = new java.util.ArrayList<>();
        for (OvhServerOrdering o : List.of(a, b, a, b)) {
          results.add(pool.submit(() -> {
            start.await();
            return o.checkout(id);
          }));
        }
        start.countDown();
        for (var r : results) {
          assertThat(r.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(fake.server.checkoutsReceived()).isEqualTo(1);
    assertThat(fake.server.orderCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a server error answering the checkout leaves the order unconfirmed and it is never sent again")
  void serverErrorOnCheckout() {
    try (OvhServerOrdering ordering = ordering()) {
      String id = ordering.prepare(RISE).id();
      fake.server.failNext("POST", "/checkout", 502);
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown")
          .hasCauseInstanceOf(OvhUnavailableException.class);
      assertThatThrownBy(() -> ordering.checkout(id)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown")
          .hasMessageContaining("not validated");
      assertThat(fake.server.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/checkout"))
          .hasSize(1);
      assertThat(fake.server.orderCount()).isZero();
    }
  }

  @Test
  @DisplayName("an order request takes the configured defaults for what the caller leaves out")
  void requestDefaults() {
    try (OvhServerOrdering ordering = OvhServerOrdering.builder(fake.client().build(), FileOvhOrderJournal.open(journalDir))
        .defaultDatacenter("gra").ownsClient(true).build()) {
      assertThat(ordering.request("24ska01", null, null, null))
          .isEqualTo(new ServerOrderRequest("24ska01", "gra", "none_64.en", "europe"));
      assertThat(ordering.request("24ska01", "rbx", "debian12_64", "north_america"))
          .isEqualTo(new ServerOrderRequest("24ska01", "rbx", "debian12_64", "north_america"));
      assertThatThrownBy(() -> ordering.request(" ", null, null, null)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    }
    try (OvhServerOrdering ordering = ordering()) {
      assertThatThrownBy(() -> ordering.request("24ska01", null, null, null))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("uncloud.ovh.datacenter");
    }
  }

  @Test
  @DisplayName("when OVH's time cannot be learned before a checkout, the checkout is known not to be sent")
  void timeUnavailableBeforeCheckout() {
    String id;
    try (OvhServerOrdering ordering = ordering()) {
      id = ordering.prepare(RISE).id();
    }
    try (OvhServerOrdering restarted = ordering()) {
      fake.server.failNext("GET", "/auth/time", 503);
      fake.server.failNext("GET", "/auth/time", 503);
      assertThatThrownBy(() -> restarted.checkout(id)).isInstanceOfSatisfying(OvhUnavailableException.class,
          e -> assertThat(e.mayHaveBeenProcessed()).isFalse());
      assertThat(restarted.inspect(id).state()).isEqualTo(OvhOrderRecord.State.PREPARED);
      assertThat(fake.server.checkoutsReceived()).isZero();
      assertThat(restarted.checkout(id).status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    }
  }
}
