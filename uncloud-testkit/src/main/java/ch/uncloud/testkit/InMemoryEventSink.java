package ch.uncloud.testkit;

import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.api.events.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An {@link EventSink} that keeps what it receives, for tests: every attempt in order, and scripted
 * answers (fail the next n attempts, or decide per event). Thread-safe.
 */
public final class InMemoryEventSink implements EventSink {
  private final String name;
  private final Set<EventType> types;
  private final List<Event> attempts = new ArrayList<>();
  private final List<Event> delivered = new ArrayList<>();
  private int failNext;
  private Function<Event, DeliveryResult> script = event -> DeliveryResult.delivered();

  private InMemoryEventSink(String name, Set<EventType> types) {
    this.name = Objects.requireNonNull(name, "name");
    this.types = types.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(types);
  }

  /**
   * @param name the sink's name
   * @return a sink that accepts every event type and delivers everything
   */
  public static InMemoryEventSink named(String name) {
    return new InMemoryEventSink(name, EnumSet.allOf(EventType.class));
  }

  /**
   * @param name the sink's name
   * @param types the types it accepts
   * @return a sink that accepts only those
   */
  public static InMemoryEventSink named(String name, Set<EventType> types) {
    return new InMemoryEventSink(name, types);
  }

  /** @param attempts how many of the next attempts answer {@link DeliveryResult#retry} */
  public synchronized void failNext(int attempts) {
    this.failNext = attempts;
  }

  /** @param answer decides each later attempt's answer (after the {@link #failNext} ones) */
  public synchronized void answer(Function<Event, DeliveryResult> answer) {
    this.script = Objects.requireNonNull(answer, "answer");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean accepts(EventType type) {
    return types.contains(type);
  }

  @Override
  public synchronized DeliveryResult deliver(Event event) {
    attempts.add(event);
    if (failNext > 0) {
      failNext--;
      return DeliveryResult.retry("scripted failure");
    }
    DeliveryResult result = script.apply(event);
    if (result.isDelivered()) {
      delivered.add(event);
    }
    return result;
  }

  /** @return every attempt, in order */
  public synchronized List<Event> attempts() {
    return List.copyOf(attempts);
  }

  /** @return the events answered as delivered, in order */
  public synchronized List<Event> delivered() {
    return List.copyOf(delivered);
  }

  /**
   * @param type a type
   * @return the delivered events of that type, in order
   */
  public synchronized List<Event> delivered(EventType type) {
    return delivered.stream().filter(e -> e.type() == type).toList();
  }

  /** Forgets what was received. */
  public synchronized void clear() {
    attempts.clear();
    delivered.clear();
  }
}
