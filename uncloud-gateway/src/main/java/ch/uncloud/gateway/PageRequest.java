package ch.uncloud.gateway;

import ch.uncloud.gateway.WebSessions.WebSession;
import org.eclipse.jetty.http.HttpCookie;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * One request to a web page: its path below {@code /app}, language, login, and its form or query fields,
 * parsed as strictly as the API's (duplicates, broken escapes and unknown fields are refused).
 */
final class PageRequest {
  static final String SESSION_COOKIE = "uncloud_session";
  static final String LOGIN_COOKIE = "uncloud_login";
  static final String CSRF_FIELD = "csrf";

  private final Request request;
  private final String path;
  private final Locale locale;
  private final WebSession session;
  private final int maxBodyBytes;

  PageRequest(Request request, String path, Locale locale, WebSession session, int maxBodyBytes) {
    this.request = request;
    this.path = path;
    this.locale = locale;
    this.session = session;
    this.maxBodyBytes = maxBodyBytes;
  }

  Request raw() {
    return request;
  }

  /** @return the path below {@code /app}, e.g. {@code /statement} */
  String path() {
    return path;
  }

  String method() {
    return request.getMethod();
  }

  Locale locale() {
    return locale;
  }

  /** @return the login, or {@code null} */
  WebSession session() {
    return session;
  }

  boolean secure() {
    return request.isSecure();
  }

  String address() {
    return Request.getRemoteAddr(request);
  }

  /**
   * @param allowed the query fields the page takes
   * @return the query's fields
   */
  GatewayHandler.Fields query(String... allowed) {
    return GatewayHandler.query(request, Set.of(allowed));
  }

  /**
   * @param allowed the form fields the page takes besides the CSRF token
   * @param required those that must not be empty
   * @return the form's fields (including the CSRF token)
   */
  GatewayHandler.Fields form(Set<String> allowed, String... required) {
    return form(allowed, false, required);
  }

  /**
   * @param allowed the form fields the page takes besides the CSRF token
   * @param withParameters whether fields {@code param.NAME} (a product's parameters) are taken as well
   * @param required those that must not be empty
   * @return the form's fields (including the CSRF token)
   */
  GatewayHandler.Fields form(Set<String> allowed, boolean withParameters, String... required) {
    String query = request.getHttpURI().getQuery();
    if (query != null && !query.isEmpty()) {
      throw GatewayError.badRequest("unexpected_query", "send the fields in the form, not in the URL");
    }
    GatewayHandler.checkFormContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    Map<String, String> values = FormParser.parse(GatewayHandler.readBody(request, maxBodyBytes));
    Set<String> names = new java.util.HashSet<>(allowed);
    names.add(CSRF_FIELD);
    if (withParameters) {
      values.keySet().stream().filter(n -> n.startsWith("param.") && n.length() > 6).forEach(names::add);
    }
    return GatewayHandler.Fields.of(values, names, required);
  }

  /**
   * @param fields a form's fields
   * @return its product parameters ({@code param.NAME}), without the prefix
   */
  static Map<String, String> parameters(GatewayHandler.Fields fields) {
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    fields.values().forEach((name, value) -> {
      if (name.startsWith("param.")) {
        parameters.put(name.substring(6), value);
      }
    });
    return parameters;
  }

  /**
   * @param name a cookie's name
   * @return its value, or {@code null}
   */
  String cookie(String name) {
    List<HttpCookie> cookies = Request.getCookies(request);
    Map<String, String> byName = new HashMap<>();
    for (HttpCookie c : cookies) {
      byName.putIfAbsent(c.getName(), c.getValue());
    }
    return byName.get(name);
  }
}
