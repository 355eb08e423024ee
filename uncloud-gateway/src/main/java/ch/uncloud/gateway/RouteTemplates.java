package ch.uncloud.gateway;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request's path into the route it matched, as the OpenAPI document names it
 * ({@code /api/v1/orders/{order}}), so that the HTTP meters have a bounded number of series whatever
 * paths clients send. A web page is its own route (the pages have no ids in their paths) when it
 * answered 2xx; anything else under {@code /app} is {@value #PAGES}, and a path no route matches is
 * {@value #UNMATCHED}.
 */
final class RouteTemplates {
  static final String UNMATCHED = "unmatched";
  static final String PAGES = "/app/**";
  private static final int LONGEST_PAGE = 64;

  private final List<String[]> templates;
  private final List<String> names;

  private RouteTemplates(List<String> paths) {
    this.templates = new ArrayList<>(paths.size());
    this.names = List.copyOf(paths);
    for (String path : paths) {
      templates.add(path.split("/", -1));
    }
  }

  /** @return the routes of the gateway's OpenAPI document */
  static RouteTemplates fromOpenApi() {
    JsonObject document = OpenApiDocument.load();
    return new RouteTemplates(new ArrayList<>(document.getJsonObject("paths").keySet()));
  }

  /**
   * @param path the request's path, decoded
   * @param status the status it was answered with
   * @return its route: a template of the document, a page, {@value #PAGES} or {@value #UNMATCHED}
   */
  String route(String path, int status) {
    if (WebPages.owns(path)) {
      return status >= 200 && status < 300 && path.length() <= LONGEST_PAGE ? path : PAGES;
    }
    String[] segments = path.split("/", -1);
    for (int i = 0; i < templates.size(); i++) {
      if (matches(templates.get(i), segments)) {
        return names.get(i);
      }
    }
    return UNMATCHED;
  }

  private static boolean matches(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      String part = template[i];
      boolean parameter = part.startsWith("{") && part.endsWith("}");
      if (parameter ? segments[i].isEmpty() : !part.equals(segments[i])) {
        return false;
      }
    }
    return true;
  }
}
