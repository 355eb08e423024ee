package ch.uncloud.testkit;

import ch.uncloud.api.ProviderUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;

/** A count of upcoming calls that should fail, for scripted fault injection. Thread-safe. */
final class Faults {
  private final AtomicInteger remaining = new AtomicInteger();

  void failNext(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative");
    }
    remaining.set(calls);
  }

  void maybeFail(String operation) {
    if (remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw new ProviderUnavailableException("injected fault: " + operation + " failed (testkit)");
    }
  }
}
