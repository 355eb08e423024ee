package ch.uncloud.gateway;

import ch.uncloud.api.AuthenticationException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.gateway.WebSessions.WebSession;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web pages under {@code /app/}: people log in with their directory account and see their own
 * account, statement, bills, orders, cards and VMs ({@link PersonPages}); admins log in under
 * {@code /app/admin/} and work on the accounts and services the core lets them ({@link AdminPages}).
 * Server-rendered HTML ({@link PageRenderer}), in English or German after the browser's
 * {@code Accept-Language}. Every page calls the same core services as {@code /api/v1/} and
 * {@code /admin/v1/} with the same logins and rate limits; errors are pages with the API's message and
 * status, never a stack trace.
 *
 * <p>Logins live in {@link WebSessions}: a cookie that is HttpOnly, SameSite=Lax and Secure under HTTPS,
 * a new id at every login, and a CSRF token in every form (the login form's bound to a cookie of its own).
 */
final class WebPages {
  static final String PREFIX = "/app";
  private static final Logger LOG = LoggerFactory.getLogger(WebPages.class);
  private static final Set<String> LOGIN_FIELDS = Set.of("username", "password");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final WebSessions sessions;
  private final PageRenderer renderer = new PageRenderer();
  private final PersonLogin personLogin;
  private final GatewayHandler adminLogin;
  private final PersonPages person;
  private final AdminPages admin;
  private final PageAssets assets = new PageAssets();
  private final int maxBodyBytes;

  WebPages(Uncloud uncloud, LoginRateLimiter limiter, GatewayHandler adminLogin, PageSettings settings,
      int maxBodyBytes) {
    // the services' clock: an admin's core session expires by it
    this.sessions = new WebSessions(settings, uncloud.clock());
    this.personLogin = new PersonLogin(uncloud, limiter);
    this.adminLogin = adminLogin;
    this.person = new PersonPages(uncloud, this, settings);
    this.admin = new AdminPages(uncloud, this);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** @return whether the path is one of the pages' */
  static boolean owns(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  WebSessions sessions() {
    return sessions;
  }

  /**
   * Answers a request for a page; never throws.
   *
   * @param request the request
   * @param response the response
   * @param callback completes the exchange
   */
  void handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request).substring(PREFIX.length());
    Locale locale = PageRenderer.locale(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
    PageRequest page = null;
    PageAnswer answer;
    try {
      String id = new PageRequest(request, path, locale, null, maxBodyBytes).cookie(PageRequest.SESSION_COOKIE);
      page = new PageRequest(request, path, locale, sessions.find(id).orElse(null), maxBodyBytes);
      answer = route(page);
    } catch (GatewayError e) {
      answer = error(page, locale, e.status(), e.getMessage());
      for (Map.Entry<String, String> header : e.headers().entrySet()) {
        answer = answer.with(header.getKey(), header.getValue());
      }
    } catch (AuthenticationException e) {
      // an admin's core session expired: the web session ends with it
      if (page != null && page.session() != null) {
        sessions.end(page.session());
      }
      answer = PageAnswer.redirect(PREFIX + "/admin/login");
    } catch (UncloudException e) {
      if (e.category().httpStatus() >= 500) {
        LOG.warn("{} {} failed: {} ({})", request.getMethod(), Request.getPathInContext(request), e.errorCode(),
            e.getMessage());
      }
      answer = error(page, locale, e.category().httpStatus(), PageErrors.describe(e, locale));
      if (e.isRetryable()) {
        answer = answer.with("Retry-After", "5");
      }
    } catch (RuntimeException e) {
      LOG.error("{} {} failed unexpectedly", request.getMethod(), Request.getPathInContext(request), e);
      answer = error(page, locale, 500, PageRenderer.text(locale, "error.internal"));
    }
    send(response, callback, answer, path);
  }

  private PageAnswer route(PageRequest r) {
    String path = r.path();
    if (path.startsWith("/assets/")) {
      GatewayHandler.requireMethod(r.method(), "GET");
      return assets.get(path.substring("/assets/".length()));
    }
    switch (path) {
      case "", "/" -> {
        GatewayHandler.requireMethod(r.method(), "GET");
        WebSession s = r.session();
        return PageAnswer.redirect(s == null ? PREFIX + "/login" : s.isAdmin() ? PREFIX + "/admin/" : PREFIX + "/home");
      }
      case "/login" -> {
        return login(r, false);
      }
      case "/admin/login" -> {
        return login(r, true);
      }
      case "/logout" -> {
        GatewayHandler.requireMethod(r.method(), "POST");
        WebSession s = r.session();
        if (s != null) {
          requireCsrf(r, r.form(Set.of()));
          sessions.end(s);
        }
        return PageAnswer.redirect(PREFIX + "/login").with("Set-Cookie", clearCookie(PageRequest.SESSION_COOKIE, r));
      }
      default -> { }
    }
    if (path.startsWith("/admin/")) {
      if (r.session() == null || !r.session().isAdmin()) {
        return notLoggedIn(r, PREFIX + "/admin/login");
      }
      return admin.route(r, path.substring("/admin".length()));
    }
    if (r.session() == null || r.session().isAdmin()) {
      return notLoggedIn(r, PREFIX + "/login");
    }
    return person.route(r, path);
  }

  /** Without a login a GET goes to the login page; anything else is refused (nothing is done). */
  private PageAnswer notLoggedIn(PageRequest r, String login) {
    if (r.method().equals("GET")) {
      return PageAnswer.redirect(login);
    }
    throw new GatewayError(401, "authentication_required", PageRenderer.text(r.locale(), "error.loginFirst"));
  }

  // --- login ---

  private PageAnswer login(PageRequest r, boolean asAdmin) {
    if (r.method().equals("GET")) {
      r.query();
      String formId = loginFormId(r);
      return loginPage(r, asAdmin, formId == null ? WebSessions.newId() : formId, 200, null);
    }
    GatewayHandler.requireMethod(r.method(), "POST");
    GatewayHandler.Fields f = r.form(LOGIN_FIELDS);
    String formId = loginFormId(r);
    if (!sessions.csrfMatches("login", formId, f.get(PageRequest.CSRF_FIELD))) {
      return loginPage(r, asAdmin, formId == null ? WebSessions.newId() : formId, 403,
          PageRenderer.text(r.locale(), "error.formExpired"));
    }
    String name = f.optional("username");
    String password = f.optional("password");
    if (name == null || password == null) {
      return loginPage(r, asAdmin, formId, 400, PageRenderer.text(r.locale(), "login.missing"));
    }
    WebSession session;
    try {
      if (asAdmin) {
        AdminSession adminSession = adminLogin.login(r.raw(), name, password);
        session = sessions.loginAdmin(adminSession);
      } else {
        Username user = personLogin.login(name, password, r.address(), Map.of());
        session = sessions.loginPerson(user);
      }
    } catch (GatewayError e) {
      String retry = e.headers().getOrDefault("Retry-After", "60");
      PageAnswer page = loginPage(r, asAdmin, formId, e.status(), e.status() == 429
          ? PageRenderer.text(r.locale(), "login.tooMany", retry) : PageRenderer.text(r.locale(), "login.wrong"));
      return e.headers().containsKey("Retry-After") ? page.with("Retry-After", e.headers().get("Retry-After")) : page;
    } catch (ch.uncloud.api.BadCredentialsException e) {
      return loginPage(r, asAdmin, formId, 401, PageRenderer.text(r.locale(), "login.wrong"));
    }
    if (r.session() != null) {
      sessions.end(r.session()); // whoever was logged in in this browser is logged out
    }
    return PageAnswer.redirect(PREFIX + (asAdmin ? "/admin/" : "/home"))
        .with("Set-Cookie", cookie(PageRequest.SESSION_COOKIE, session.id(), "Lax", r));
  }

  /** @return the login form's cookie, if it is one this gateway could have issued */
  private static String loginFormId(PageRequest r) {
    String id = r.cookie(PageRequest.LOGIN_COOKIE);
    return id != null && id.matches("[A-Za-z0-9_-]{43}") ? id : null;
  }

  private PageAnswer loginPage(PageRequest r, boolean asAdmin, String formId, int status, String error) {
    Map<String, Object> vars = new java.util.HashMap<>();
    vars.put("asAdmin", asAdmin);
    vars.put("loginCsrf", sessions.csrfToken("login", formId));
    vars.put("error", error);
    vars.put("action", PREFIX + (asAdmin ? "/admin/login" : "/login"));
    PageAnswer page = PageAnswer.html(status, renderer.render("login", r.locale(), vars));
    return page.with("Set-Cookie", cookie(PageRequest.LOGIN_COOKIE, formId, "Strict", r));
  }

  // --- shared by the pages ---

  /**
   * Refuses a form without its session's CSRF token (403; nothing is done).
   *
   * @param r the request
   * @param form its fields
   */
  void requireCsrf(PageRequest r, GatewayHandler.Fields form) {
    WebSession s = r.session();
    if (s == null || !sessions.csrfMatches("session", s.id(), form.get(PageRequest.CSRF_FIELD))) {
      throw new GatewayError(403, "csrf_token_invalid", PageRenderer.text(r.locale(), "error.formExpired"));
    }
  }

  /**
   * @param r the request
   * @param template the page's template
   * @param nav the section of the navigation it belongs to
   * @param vars what it shows
   * @return the page (200), with the login's name, CSRF token and a message kept from the last form
   */
  PageAnswer page(PageRequest r, String template, String nav, Map<String, Object> vars) {
    Map<String, Object> all = new java.util.HashMap<>(vars);
    WebSession s = r.session();
    all.put("nav", nav);
    if (s != null) {
      all.put("me", s.name());
      all.put("isAdmin", s.isAdmin());
      all.put("csrf", sessions.csrfToken("session", s.id()));
      s.takeFlash().ifPresent(flash -> {
        all.put("flash", flash.getKey());
        all.put("flashError", flash.getValue());
      });
    }
    return PageAnswer.html(200, renderer.render(template, r.locale(), all));
  }

  /**
   * Runs a form's action, then goes back to a page with a message: the action's on success, the core's
   * ({@link PageErrors}) on a refusal the person can fix (a bad amount, a conflict). A missing thing (404) is an error page.
   *
   * @param r the request
   * @param back where to go afterwards
   * @param action the action; returns the success message
   * @return a redirect
   */
  PageAnswer act(PageRequest r, String back, java.util.function.Supplier<String> action) {
    try {
      r.session().flash(action.get(), false);
    } catch (UncloudException e) {
      int status = e.category().httpStatus();
      if (status == 404 || status == 401 || status >= 500) {
        throw e;
      }
      r.session().flash(PageErrors.describe(e, r.locale()), true);
    }
    return PageAnswer.redirect(back);
  }

  PageRenderer renderer() {
    return renderer;
  }

  private PageAnswer error(PageRequest r, Locale locale, int status, String message) {
    Map<String, Object> vars = new java.util.HashMap<>();
    vars.put("status", status);
    vars.put("message", message);
    vars.put("nav", "");
    WebSession s = r == null ? null : r.session();
    if (s != null) {
      vars.put("me", s.name());
      vars.put("isAdmin", s.isAdmin());
      vars.put("csrf", sessions.csrfToken("session", s.id()));
    }
    try {
      return PageAnswer.html(status, renderer.render("error", locale, vars));
    } catch (RuntimeException e) {
      LOG.error("the error page failed", e);
      return new PageAnswer(status, "text/plain; charset=utf-8",
          ("Error " + status).getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.List.of());
    }
  }

  private static String cookie(String name, String value, String sameSite, PageRequest r) {
    return name + "=" + value + "; Path=" + PREFIX + "; HttpOnly; SameSite=" + sameSite + (r.secure() ? "; Secure" : "");
  }

  private static String clearCookie(String name, PageRequest r) {
    return name + "=; Path=" + PREFIX + "; Max-Age=0; HttpOnly; SameSite=Lax" + (r.secure() ? "; Secure" : "");
  }

  private static void send(Response response, Callback callback, PageAnswer answer, String path) {
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    boolean asset = path.startsWith("/assets/") && answer.status() == 200;
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset ? "public, max-age=3600" : "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "same-origin");
    response.getHeaders().put("X-Frame-Options", "DENY");
    if (!answer.has("Content-Security-Policy")) {
      response.getHeaders().put("Content-Security-Policy", CSP);
    }
    for (Map.Entry<String, String> header : answer.headers()) {
      response.getHeaders().add(header.getKey(), header.getValue());
    }
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }
}
