package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every language's notice templates and style, loaded and checked once when the notices start: the
 * bundled languages ({@value #BUNDLED_PATH}{@code <language>/}) and, if configured, a directory with
 * one folder per language ({@code uncloud.mail.template-dir}) whose files replace the bundled ones of
 * the same name or add a language. Each language has {@value LanguageStyle#FILE} and one
 * {@code <notice>.txt} per {@link NoticeKind}, all UTF-8. Immutable and thread-safe.
 */
final class NoticeTemplates {
  /** The languages shipped in the jar. */
  static final List<String> BUNDLED = List.of("de", "en");
  static final String BUNDLED_PATH = "ch/uncloud/mail/templates/";
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");

  private final Map<String, Language> languages;

  private NoticeTemplates(Map<String, Language> languages) {
    this.languages = Map.copyOf(languages);
  }

  /** One language: how it writes amounts and dates, and its templates. */
  record Language(LanguageStyle style, Map<NoticeKind, NoticeTemplate> templates) {}

  /**
   * @param directory the operator's template directory, or {@code null}
   * @return the bundled languages, completed and extended by the directory's
   * @throws ConfigurationException listing every missing or bad file
   */
  static NoticeTemplates load(Path directory) {
    Map<String, Language> languages = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<String> tags = new ArrayList<>(BUNDLED);
    if (directory != null) {
      for (String tag : languagesIn(directory)) {
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
    }
    for (String tag : tags) {
      try {
        languages.put(tag, language(tag, directory));
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("the mail templates have " + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + ":\n  - " + String.join("\n  - ", problems));
    }
    return new NoticeTemplates(languages);
  }

  /**
   * @return the language tags with templates, sorted
   */
  Set<String> languages() {
    return new java.util.TreeSet<>(languages.keySet());
  }

  /**
   * @param tag a language tag with templates
   * @return that language
   * @throws IllegalArgumentException if it has none
   */
  Language language(String tag) {
    Language language = languages.get(tag);
    if (language == null) {
      throw new IllegalArgumentException("no mail templates for language " + tag);
    }
    return language;
  }

  private static List<String> languagesIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException("uncloud.mail.template-dir " + directory + " is not a directory; give a "
          + "directory with one folder per language (de/, en/, ...)");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      List<String> tags = new ArrayList<>();
      for (Path entry : entries.filter(Files::isDirectory).toList()) {
        String name = entry.getFileName().toString();
        if (!LANGUAGE_TAG.matcher(name).matches()) {
          throw new ConfigurationException("uncloud.mail.template-dir " + directory + " has a folder '" + name
              + "' that is not a lower-case language tag (de, en, fr, de-ch, ...)");
        }
        tags.add(name);
      }
      return tags;
    } catch (IOException e) {
      throw new ConfigurationException("uncloud.mail.template-dir " + directory + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static Language language(String tag, Path directory) {
    List<String> problems = new ArrayList<>();
    LanguageStyle style = null;
    try {
      Source source = read(tag, LanguageStyle.FILE, directory);
      Properties properties = new Properties();
      try (Reader reader = new StringReader(source.text())) {
        properties.load(reader);
      }
      style = LanguageStyle.of(tag, properties, source.name());
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    } catch (IOException | IllegalArgumentException e) {
      problems.add(tag + "/" + LanguageStyle.FILE + " is not a properties file: " + e.getMessage());
    }
    Map<NoticeKind, NoticeTemplate> templates = new EnumMap<>(NoticeKind.class);
    for (NoticeKind kind : NoticeKind.values()) {
      try {
        Source source = read(tag, kind.template() + ".txt", directory);
        templates.put(kind, NoticeTemplate.parse(source.text(), kind, source.name()));
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("\n  - ", problems));
    }
    return new Language(style, templates);
  }

  private record Source(String name, String text) {}

  private static Source read(String tag, String file, Path directory) {
    if (directory != null) {
      Path path = directory.resolve(tag).resolve(file);
      if (Files.isRegularFile(path)) {
        try {
          return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new ConfigurationException("mail template " + path + " cannot be read: " + e.getMessage(), e);
        }
      }
    }
    String resource = BUNDLED_PATH + tag + "/" + file;
    if (BUNDLED.contains(tag)) {
      try (InputStream in = NoticeTemplates.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          return new Source(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new ConfigurationException("bundled mail template " + resource + " cannot be read: " + e.getMessage(), e);
      }
    }
    throw new ConfigurationException("missing mail template " + tag + "/" + file
        + (directory == null ? "" : " (looked in " + directory.resolve(tag) + ")"));
  }

  static String normalize(String tag) {
    return tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
