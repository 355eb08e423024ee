package ch.uncloud.cli;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.PaymentMethod;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud cards}: a user's saved cards, like {@code /api/v1/cards}: list them, register one
 * (start, then complete after the card holder confirmed it with the provider's widget), choose the
 * default, remove one. Card data never passes through uncloud.
 */
@Command(name = "cards", mixinStandardHelpOptions = true,
    description = {"A user's saved cards (brand, last four digits, expiry; never more).", "",
        "  uncloud cards list --config FILE --user nethzuser",
        "  uncloud cards register --config FILE --user nethzuser            (prints the setup to confirm)",
        "  uncloud cards register --config FILE --user nethzuser --complete SETUP_ID",
        "  uncloud cards default --config FILE --user nethzuser CARD_ID",
        "  uncloud cards remove --config FILE --user nethzuser CARD_ID"},
    subcommands = {CardsCommand.ListCards.class, CardsCommand.Register.class, CardsCommand.MakeDefault.class,
        CardsCommand.Remove.class})
final class CardsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a cards command: list, register, default or remove");
  }

  static void print(PrintWriter out, List<PaymentMethod> cards) {
    if (cards.isEmpty()) {
      out.println("no saved cards; " + Cards.HOW_TO_REGISTER);
    }
    cards.forEach(card -> out.println(line(card)));
  }

  private static String line(PaymentMethod card) {
    return card.id() + "  " + card.brand() + " ending " + card.last4() + "  expires "
        + String.format("%02d/%d", card.expMonth(), card.expYear()) + (card.isDefault() ? "  (default)" : "");
  }

  /** The options every cards command shares. */
  abstract static class CardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Whose cards.")
    String user;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        return run(backend.uncloud().cards(), Username.of(user), spec.commandLine().getOut());
      }
    }

    abstract int run(Cards cards, Username user, PrintWriter out);
  }

  /** {@code uncloud cards list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the user's saved cards.")
  static final class ListCards extends CardCommand {
    @Override
    int run(Cards cards, Username user, PrintWriter out) {
      print(out, cards.list(user));
      return 0;
    }
  }

  /** {@code uncloud cards register}. */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = {"Start a card registration and print what the card holder's browser needs (the setup id, "
          + "its client secret and the publishable key: give the secret only to the card holder); after they "
          + "confirmed the card with the provider's widget, complete it with --complete SETUP_ID."})
  static final class Register extends CardCommand {
    @Option(names = "--complete", paramLabel = "SETUP_ID", description = "Complete this confirmed registration.")
    String complete;

    @Option(names = "--key", paramLabel = "KEY",
        description = "Idempotency key: a retry with the same key starts the same registration.")
    String key;

    @Override
    int run(Cards cards, Username user, PrintWriter out) {
      if (complete != null) {
        PaymentMethod card = cards.complete(user, complete);
        out.println("saved " + line(card));
        return 0;
      }
      CardRegistration registration = cards.start(user, IdempotencyKey.of(key != null ? key
          : "cli-" + UUID.randomUUID()));
      out.println("started card registration " + registration.setupId() + " for " + user);
      out.println("  client secret:   " + registration.clientSecret().reveal() + "  (for the card holder only)");
      registration.publishableKey().ifPresent(k -> out.println("  publishable key: " + k));
      out.println("  then:            uncloud cards register --user " + user + " --complete " + registration.setupId());
      return 0;
    }
  }

  /** A cards command acting on one of the user's cards; prints the cards afterwards. */
  abstract static class OneCardCommand extends CardCommand {
    @Parameters(index = "0", paramLabel = "CARD_ID", description = "The card, as `uncloud cards list` shows it.")
    String card;

    @Override
    int run(Cards cards, Username user, PrintWriter out) {
      print(out, apply(cards, user, card));
      return 0;
    }

    abstract List<PaymentMethod> apply(Cards cards, Username user, String card);
  }

  /** {@code uncloud cards default}. */
  @Command(name = "default", mixinStandardHelpOptions = true,
      description = "Make one of the user's cards the one card payments charge.")
  static final class MakeDefault extends OneCardCommand {
    @Override
    List<PaymentMethod> apply(Cards cards, Username user, String card) {
      return cards.makeDefault(user, card);
    }
  }

  /** {@code uncloud cards remove}. */
  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one of the user's cards.")
  static final class Remove extends OneCardCommand {
    @Override
    List<PaymentMethod> apply(Cards cards, Username user, String card) {
      return cards.remove(user, card);
    }
  }
}
