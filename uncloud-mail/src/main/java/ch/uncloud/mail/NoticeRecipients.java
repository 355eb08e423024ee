package ch.uncloud.mail;

import ch.uncloud.spi.DirectoryEntry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads where and in which language a person gets notices from their directory entry: the address
 * attribute ({@code mail} by default, the first value that is a valid address) and the language
 * attribute ({@code preferredLanguage} by default, see {@link LanguageChoice}). Immutable.
 */
final class NoticeRecipients {
  private final String addressAttribute;
  private final String languageAttribute;
  private final LanguageChoice languages;

  /**
   * @param addressAttribute the attribute holding the address
   * @param languageAttribute the attribute holding the preferred language
   * @param languages how to pick a language with templates
   */
  NoticeRecipients(String addressAttribute, String languageAttribute, LanguageChoice languages) {
    // DirectoryEntry#attributes() names attributes in lower case
    this.addressAttribute = addressAttribute.toLowerCase(Locale.ROOT);
    this.languageAttribute = languageAttribute.toLowerCase(Locale.ROOT);
    this.languages = languages;
  }

  /** Where a person's notices go. */
  record Recipient(String address, String language, String displayName) {
    @Override
    public String toString() {
      return "Recipient[language=" + language + "]";
    }
  }

  /**
   * @param entry the person's directory entry
   * @return their address and language, or empty if the entry has no valid address
   */
  Optional<Recipient> of(DirectoryEntry entry) {
    List<String> addresses = entry.attributes().getOrDefault(addressAttribute, List.of());
    for (String address : addresses) {
      try {
        InternetAddress parsed = new InternetAddress(address.strip(), true);
        if (parsed.getAddress().contains("@")) {
          String language = languages.choose(entry.attributes().getOrDefault(languageAttribute, List.of()));
          return Optional.of(new Recipient(parsed.getAddress(), language, entry.displayName()));
        }
      } catch (AddressException e) {
        // not an address; try the next value
      }
    }
    return Optional.empty();
  }

  /**
   * @return the address attribute, lower case, for messages
   */
  String addressAttribute() {
    return addressAttribute;
  }
}
