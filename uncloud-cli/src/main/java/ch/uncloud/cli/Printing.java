package ch.uncloud.cli;

import ch.uncloud.api.credit.Charge;
import java.io.PrintWriter;

/** How the admin commands print a booking. */
final class Printing {
  private Printing() {}

  static void booked(PrintWriter out, String verb, Charge c) {
    out.println(verb + " " + c.amount() + (verb.equals("deposited") ? " to " : " for ") + c.user() + " (service "
        + c.service() + "): charge_id " + c.id() + c.entry().reversesIfAny().map(r -> ", reverses " + r).orElse("")
        + "; balance now " + c.balance() + (c.locked() ? ", locked" : "")
        + (c.replayed() ? " (already booked earlier with this idempotency key)" : ""));
  }
}
