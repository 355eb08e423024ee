package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.SetupIntentConfirmParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uncloud cards} against a configuration whose Stripe is the test server and whose payment
 * records are in the ledger's SQLite file: every command is its own uncloud, as separate processes are.
 */
@DisplayName("uncloud cards: list, register, default and remove a user's cards")
class CardsCommandTest {
  private static final String KEY = "sk_test_uncloudcli";

  @TempDir
  Path dir;

  private FakeStripeServer stripe;
  private EmbeddedLdapServer ldap;
  private String config;

  @BeforeEach
  void start() throws IOException {
    stripe = FakeStripeServer.start();
    ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start();
    Path file = dir.resolve("uncloud.properties");
    Files.write(file, List.of(
        "uncloud.currency=CHF",
        "uncloud.admins=labadmin",
        "uncloud.admin.labadmin.password-hash=" + PasswordHash.create(Secret.of("a real admin secret"), 1_000).encoded(),
        "uncloud.services=",
        "uncloud.jdbc.url=jdbc:sqlite:" + dir.resolve("uncloud.db"),
        "uncloud.ldap.urls=" + ldap.url(),
        "uncloud.ldap.tls=none",
        "uncloud.ldap.allow-plain=true",
        "uncloud.ldap.bind-dn=" + ldap.bindDn(),
        "uncloud.ldap.bind-password=plain:" + ldap.bindPassword(),
        "uncloud.ldap.user-base=ou=people," + ldap.baseDn(),
        "uncloud.payments=stripe",
        "uncloud.stripe.secret-key=plain:" + KEY,
        "uncloud.stripe.publishable-key=pk_test_uncloudcli",
        "uncloud.stripe.api-base=" + stripe.baseUrl(),
        "uncloud.payment-records=jdbc"));
    config = file.toString();
  }

  @AfterEach
  void stop() {
    ldap.close();
    stripe.close();
  }

  private Run cards(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "cards";
    all[1] = args[0];
    all[2] = "--config";
    all[3] = config;
    all[4] = "--user";
    System.arraycopy(args, 1, all, 5, args.length - 1);
    return run("", all);
  }

  private String register(String testCard) throws StripeException {
    Run started = cards("register", "nethzuser");
    assertThat(started.status()).as(started.err()).isZero();
    Matcher setup = Pattern.compile("started card registration (seti_\\w+)").matcher(started.out());
    assertThat(setup.find()).as(started.out()).isTrue();
    StripeClient.builder().setApiKey(KEY).setApiBase(stripe.baseUrl()).build().v1().setupIntents()
        .confirm(setup.group(1), SetupIntentConfirmParams.builder().setPaymentMethod(testCard).build());
    Run completed = cards("register", "nethzuser", "--complete", setup.group(1));
    assertThat(completed.status()).as(completed.err()).isZero();
    Matcher card = Pattern.compile("saved (pm_\\w+)").matcher(completed.out());
    assertThat(card.find()).as(completed.out()).isTrue();
    return card.group(1);
  }

  @Test
  @DisplayName("--help names the subcommands, and each has its own --help with --user")
  void help() {
    assertThat(run("", "--help").out()).contains("cards");
    assertThat(run("", "cards", "--help").out()).startsWith("Usage: uncloud cards").contains("list", "register",
        "default", "remove");
    assertThat(run("", "cards", "register", "--help").out()).contains("--user", "--complete", "--key", "--config");
  }

  @Test
  @DisplayName("register prints the setup, client secret and publishable key; a later command completes it and lists the card")
  void registerCompleteList() throws StripeException {
    Run started = cards("register", "nethzuser", "--key", "reg-1");
    String card = register("pm_card_visa");

    assertThat(started.out()).contains("client secret:", "publishable key: pk_test_uncloudcli");
    Run listed = cards("list", "nethzuser");
    assertThat(listed.out().trim()).startsWith(card).contains("visa ending 4242", "(default)");
  }

  @Test
  @DisplayName("default and remove act on the user's own cards; another user's card is unknown, exit 1 with the code")
  void defaultRemoveAndIsolation() throws StripeException {
    String visa = register("pm_card_visa");
    String mastercard = register("pm_card_mastercard");

    Run chosen = cards("default", "nethzuser", mastercard);
    Run foreign = cards("remove", "erstsemester", visa);
    Run removed = cards("remove", "nethzuser", visa);

    assertThat(chosen.out()).contains(mastercard + "  mastercard ending 4444").containsPattern(mastercard + ".*\\(default\\)");
    assertThat(foreign.status()).isEqualTo(1);
    assertThat(foreign.err().trim()).startsWith("uncloud: ").endsWith("[unknown_payment_method]");
    assertThat(removed.out()).doesNotContain(visa).contains(mastercard);
  }

  @Test
  @DisplayName("a user without cards is told how to register one")
  void noCards() {
    Run listed = cards("list", "erstsemester");

    assertThat(listed.status()).isZero();
    assertThat(listed.out()).contains("no saved cards; register one with POST /api/v1/cards");
  }
}
