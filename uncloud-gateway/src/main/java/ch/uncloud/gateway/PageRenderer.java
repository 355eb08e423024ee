package ch.uncloud.gateway;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the web pages from their Thymeleaf templates ({@code ch/uncloud/gateway/pages/*.html}) with the
 * texts of {@code messages.properties} (English) and {@code messages_de.properties} (German). Templates
 * escape every value they show; no HTML is put together in Java. Thread-safe (templates are parsed once).
 */
final class PageRenderer {
  /** The languages the pages speak; the first is the default. */
  static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.GERMAN);
  private static final String BUNDLE = "ch.uncloud.gateway.pages.messages";

  private final TemplateEngine engine = new TemplateEngine();

  PageRenderer() {
    ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver(PageRenderer.class.getClassLoader());
    templates.setPrefix("ch/uncloud/gateway/pages/");
    templates.setSuffix(".html");
    templates.setTemplateMode(TemplateMode.HTML);
    templates.setCharacterEncoding("UTF-8");
    templates.setCacheable(true);
    engine.setTemplateResolver(templates);
    engine.setMessageResolver(new Messages());
  }

  /**
   * @param template the template's name, e.g. {@code home}
   * @param locale the language to render in
   * @param variables what the template shows
   * @return the page
   */
  String render(String template, Locale locale, Map<String, Object> variables) {
    Context context = new Context(locale, variables);
    context.setVariable("lang", locale.getLanguage());
    return engine.process(template, context);
  }

  /**
   * @param locale a language
   * @param key a message key
   * @param args its arguments
   * @return the text, for text that Java puts into a page's variables (a flash message)
   */
  static String text(Locale locale, String key, Object... args) {
    String pattern = bundle(locale).getString(key);
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  /**
   * @param locale a language
   * @param key a message key
   * @param absent what to show if there is no such message
   * @return the text, or {@code absent}
   */
  static String textOr(Locale locale, String key, String absent) {
    ResourceBundle bundle = bundle(locale);
    return bundle.containsKey(key) ? bundle.getString(key) : absent;
  }

  /** @return the texts of that language; never the JVM's default language's instead of the English base */
  private static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(BUNDLE, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /**
   * @param acceptLanguage the browser's {@code Accept-Language} header, or {@code null}
   * @return the language of the pages it prefers most, English if none
   */
  static Locale locale(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return LANGUAGES.get(0);
    }
    try {
      Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
      return best == null ? LANGUAGES.get(0) : best;
    } catch (IllegalArgumentException e) {
      return LANGUAGES.get(0);
    }
  }

  /** Message texts from the resource bundle, formatted with {@link MessageFormat} when they take arguments. */
  private static final class Messages extends AbstractMessageResolver {
    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
      try {
        String pattern = bundle(context.getLocale()).getString(key);
        return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, context.getLocale()).format(args);
      } catch (MissingResourceException e) {
        return null;
      }
    }

    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
        Object[] args) {
      return "??" + key + "??";
    }
  }
}
