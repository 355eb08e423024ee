package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeTemplatesTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("every bundled language has every notice and a style, and uses only known placeholders")
  void bundledLanguagesComplete() {
    NoticeTemplates templates = NoticeTemplates.load(null);

    assertThat(templates.languages()).containsExactly("de", "en");
    for (String language : templates.languages()) {
      assertThat(templates.language(language).templates()).containsOnlyKeys(NoticeKind.values());
    }
  }

  @Test
  @DisplayName("a template directory adds a language and replaces single bundled files")
  void directoryAddsAndOverrides() throws IOException {
    copyBundled("en", "fr");
    write("fr/account-locked.txt", "Subject: Votre compte est bloqué\n\nBonjour {name}, votre crédit est de {credit}.\n");
    write("fr/language.properties", "amount = {number} {currency}\ngrouping = \\u202f\ndecimal = ,\ndate = dd/MM/yyyy\n"
        + "month = MMMM yyyy\npayment.balance = par le solde\npayment.card = par carte\npayment.bill = sur facture\n");
    write("de/account-locked.txt", "Subject: Gesperrt\n\nHallo {name}\n");

    NoticeTemplates templates = NoticeTemplates.load(dir);

    assertThat(templates.languages()).containsExactly("de", "en", "fr");
    NoticeTemplates.Language french = templates.language("fr");
    Notice notice = new Notice(NoticeKind.ACCOUNT_LOCKED, "evt_1", Username.of("jean"),
        Map.of("credit", Money.of("-1234.50", "CHF")));
    NoticeTemplate.RenderedNotice text = french.templates().get(NoticeKind.ACCOUNT_LOCKED)
        .render(notice.formatted(french.style(), "Jean"));
    assertThat(text.subject()).isEqualTo("Votre compte est bloqué");
    assertThat(text.body()).isEqualTo("Bonjour Jean, votre crédit est de -1\u202f234,50 CHF.\n");
    assertThat(templates.language("de").templates().get(NoticeKind.ACCOUNT_LOCKED).render(Map.of("name", "Anna"))
        .subject()).isEqualTo("Gesperrt");
    assertThat(templates.language("de").templates().get(NoticeKind.LOW_BALANCE).render(Map.of()).subject())
        .startsWith("Ihr Guthaben ist unter");
  }

  @Test
  @DisplayName("an added language missing files is refused, naming each missing file")
  void incompleteLanguage() throws IOException {
    write("it/account-locked.txt", "Subject: Conto bloccato\n\nCiao {name}\n");

    assertThatThrownBy(() -> NoticeTemplates.load(dir)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing mail template it/language.properties")
        .hasMessageContaining("missing mail template it/low-balance.txt")
        .hasMessageContaining("missing mail template it/bill-final.txt")
        .hasMessageNotContaining("it/account-locked.txt");
  }

  @Test
  @DisplayName("a placeholder a notice does not know is refused with the file and the known ones")
  void unknownPlaceholder() throws IOException {
    write("en/account-locked.txt", "Subject: Locked\n\nHello {name}, you owe {debt}.\n");

    assertThatThrownBy(() -> NoticeTemplates.load(dir)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("account-locked.txt uses unknown placeholders [{debt}]")
        .hasMessageContaining("{credit}");
  }

  @Test
  @DisplayName("a template must start with its subject line and a blank line")
  void subjectRequired() {
    assertThatThrownBy(() -> NoticeTemplate.parse("Hello {name}\n", NoticeKind.ACCOUNT_LOCKED, "x.txt"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("must start with a line 'Subject: ...'");
    assertThatThrownBy(() -> NoticeTemplate.parse("Subject: Hi\nHello\n", NoticeKind.ACCOUNT_LOCKED, "x.txt"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("empty line after the subject");
  }

  @Test
  @DisplayName("values go in as plain text; a body line whose value is missing is left out; a subject stays one line")
  void rendering() {
    NoticeTemplate template = NoticeTemplate.parse("# comment {ignored}\nSubject: Bill for {name}\n\n"
        + "Hello {name}\nDue by: {due}\nTotal: {total} $1 \\n\n\n", NoticeKind.BILL_FINAL, "t.txt");

    NoticeTemplate.RenderedNotice text = template.render(Map.of("name", "<b>Eve</b>\r\nBcc: x@y", "total", "CHF 1.00"));

    assertThat(text.subject()).isEqualTo("Bill for <b>Eve</b> Bcc: x@y");
    assertThat(text.body()).isEqualTo("Hello <b>Eve</b>\r\nBcc: x@y\nTotal: CHF 1.00 $1 \\n\n");
  }

  private void copyBundled(String from, String to) throws IOException {
    for (NoticeKind kind : NoticeKind.values()) {
      try (var in = getClass().getClassLoader().getResourceAsStream(NoticeTemplates.BUNDLED_PATH + from + "/"
          + kind.template() + ".txt")) {
        write(to + "/" + kind.template() + ".txt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
