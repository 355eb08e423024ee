package ch.uncloud.cli;

import ch.uncloud.api.events.EventAdministration;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.ParkedEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud events}: the events whose delivery was given up on (parked) after the retry period,
 * and sending one again. Reads the outbox in the ledger's database, so it works while {@code uncloud
 * serve} runs (which then delivers what is sent again).
 */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = {"Events that could not be delivered to a subscription (webhook, e-mail) within the retry period",
        "(uncloud.events.retry-for, default 3 days) and were parked; send one again once its receiver works."},
    subcommands = {EventsCommand.Parked.class, EventsCommand.Resend.class})
final class EventsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name an events command: parked or resend");
  }

  /** {@code uncloud events parked}. */
  @Command(name = "parked", mixinStandardHelpOptions = true,
      description = "List the parked events, oldest first; exits 1 if there are any.")
  static final class Parked implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        List<ParkedEvent> parked = backend.uncloud().events().parked();
        PrintWriter out = spec.commandLine().getOut();
        if (parked.isEmpty()) {
          out.println("no parked events");
        }
        for (ParkedEvent p : parked) {
          out.println(p.event().id() + "  " + p.event().type() + "  " + Texts.shown(p.event().account().value())
              + "  for " + Texts.shown(p.sink()) + "  " + p.attempts() + " attempts since " + p.firstFailure()
              + ", last " + p.lastAttempt() + ": " + Texts.shown(p.lastError()));
        }
        if (parked.size() == EventAdministration.MAX_LISTED) {
          out.println("(the first " + EventAdministration.MAX_LISTED + " only)");
        }
        return parked.isEmpty() ? 0 : 1;
      }
    }
  }

  /** {@code uncloud events resend SINK EVENT_ID}. */
  @Command(name = "resend", mixinStandardHelpOptions = true,
      description = {"Send a parked event again: the running dispatcher delivers it as if new (retried with backoff",
          "for the whole retry period again)."})
  static final class Resend implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Parameters(index = "0", paramLabel = "SINK", description = "The subscription it is parked for, as listed.")
    String sink;

    @Parameters(index = "1", paramLabel = "EVENT_ID", description = "The event's id, as listed.")
    String eventId;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        ParkedEvent again = backend.uncloud().events().resend(sink, EventId.of(eventId));
        spec.commandLine().getOut().println("sent again: " + again.event().id() + " (" + again.event().type() + " of "
            + Texts.shown(again.event().account().value()) + ") to " + Texts.shown(sink));
        return 0;
      }
    }
  }
}
