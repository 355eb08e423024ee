package ch.uncloud.core;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.ParameterSpec;
import ch.uncloud.api.shop.Product;
import ch.uncloud.api.shop.ResourcePrices;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the shop's {@link Catalog} from JSON: the bundled default
 * ({@code ch/uncloud/core/default-catalog.json}) or an operator's file ({@code uncloud.catalog}).
 * Loading validates everything and reports every problem at once.
 */
public final class Catalogs {
  private static final Set<String> PRODUCT_KEYS = Set.of("code", "name", "description", "requiresMembership",
      "maxActivePerAccount", "oneTime", "monthly", "resourcePriced", "freeWithActive", "usageRatePerGbSecond",
      "orderable", "parameters");

  private Catalogs() {}

  /** @return the catalog bundled with uncloud (membership, ipv6-vm, django-hosting, ipv6-vpn, vm-snapshot) */
  public static Catalog bundled() {
    try (InputStream in = Catalogs.class.getResourceAsStream("default-catalog.json")) {
      return load(in, "bundled default-catalog.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param file a catalog JSON file
   * @return the catalog
   * @throws ConfigurationException listing every problem of the file
   */
  public static Catalog load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (IOException e) {
      throw new ConfigurationException("cannot read catalog " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param json the catalog JSON
   * @param source where it came from, for messages
   * @return the catalog
   * @throws ConfigurationException listing every problem
   */
  public static Catalog load(InputStream json, String source) {
    JsonObject root;
    var utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
    try (var reader = Json.createReader(new java.io.InputStreamReader(json, utf8))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw new ConfigurationException("catalog " + source + " must be a JSON object with a products list");
      }
      root = object;
    } catch (JsonParsingException e) {
      throw new ConfigurationException("catalog " + source + " is not valid JSON: " + e.getMessage(), e);
    } catch (JsonException e) {
      throw new ConfigurationException("catalog " + source + " is not valid JSON (UTF-8): " + e.getMessage(), e);
    }
    return new Parser(source).parse(root);
  }

  /** Reads and validates the JSON, collecting problems. */
  private static final class Parser {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    Parser(String source) {
      this.source = source;
    }

    Catalog parse(JsonObject root) {
      Currency currency = Currency.getInstance("CHF");
      try {
        currency = Money.currency(text(root, "currency", "CHF"));
      } catch (UncloudException e) {
        problems.add("currency: " + e.getMessage());
      }
      JsonObject table = root.containsKey("resourcePrices") && root.get("resourcePrices") instanceof JsonObject o ? o : null;
      ResourcePrices prices = new ResourcePrices(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
      if (table != null) {
        prices = new ResourcePrices(price(table, "resourcePrices.perCore"), price(table, "resourcePrices.perGbRam"),
            price(table, "resourcePrices.perGbDisk"));
      }
      Map<String, Product> products = new LinkedHashMap<>();
      JsonValue list = root.get("products");
      if (!(list instanceof JsonArray array) || array.isEmpty()) {
        problems.add("products: a non-empty list of products is required");
      } else {
        for (int i = 0; i < array.size(); i++) {
          if (!(array.get(i) instanceof JsonObject p)) {
            problems.add("products[" + i + "]: must be an object");
            continue;
          }
          Product product = product(p, "products[" + i + "]", table != null);
          if (product != null && products.putIfAbsent(product.code(), product) != null) {
            problems.add("products[" + i + "]: code '" + product.code() + "' appears twice");
          }
        }
        for (Product product : products.values()) {
          for (String other : product.freeWithActive()) {
            if (!products.containsKey(other)) {
              problems.add(product.code() + ".freeWithActive: no product '" + other + "'");
            }
          }
        }
        if (products.values().stream().anyMatch(Product::requiresMembership) && !products.containsKey("membership")) {
          problems.add("products: some products require a membership but there is no 'membership' product");
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("catalog " + source + " has " + problems.size()
            + (problems.size() == 1 ? " problem" : " problems") + ":\n  - " + String.join("\n  - ", problems));
      }
      return new Catalog(currency, prices, List.copyOf(products.values()));
    }

    private Product product(JsonObject p, String where, boolean haveTable) {
      for (String key : p.keySet()) {
        if (!PRODUCT_KEYS.contains(key)) {
          problems.add(where + ": unknown key '" + key + "'");
        }
      }
      String code = text(p, "code", null);
      if (code == null || !code.matches("[a-z0-9][a-z0-9-]{0,63}")) {
        problems.add(where + ".code: required, lower-case letters, digits and '-'");
        return null;
      }
      String at = code;
      boolean resourcePriced = bool(p, at + ".resourcePriced", "resourcePriced");
      List<ParameterSpec> parameters = parameters(p, at);
      if (resourcePriced) {
        if (!haveTable) {
          problems.add(at + ": resourcePriced needs a resourcePrices table");
        }
        for (String needed : List.of("cores", "ram_gb", "os_disk_gb")) {
          if (parameters.stream().noneMatch(s -> s.name().equals(needed) && s.type() == ParameterSpec.Type.INTEGER)) {
            problems.add(at + ": resourcePriced needs an integer parameter '" + needed + "'");
          }
        }
        if (p.containsKey("monthly")) {
          problems.add(at + ": give either monthly or resourcePriced, not both");
        }
      }
      int max = p.containsKey("maxActivePerAccount") ? integer(p, at + ".maxActivePerAccount", "maxActivePerAccount") : 0;
      return new Product(code, text(p, "name", code), text(p, "description", ""),
          bool(p, at + ".requiresMembership", "requiresMembership"), max,
          optionalPrice(p, "oneTime", at), optionalPrice(p, "monthly", at), resourcePriced,
          strings(p, "freeWithActive", at), optionalPrice(p, "usageRatePerGbSecond", at),
          !p.containsKey("orderable") || bool(p, at + ".orderable", "orderable"), parameters);
    }

    private List<ParameterSpec> parameters(JsonObject p, String at) {
      List<ParameterSpec> specs = new ArrayList<>();
      if (!p.containsKey("parameters")) {
        return specs;
      }
      if (!(p.get("parameters") instanceof JsonArray array)) {
        problems.add(at + ".parameters: must be a list");
        return specs;
      }
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < array.size(); i++) {
        String where = at + ".parameters[" + i + "]";
        if (!(array.get(i) instanceof JsonObject spec)) {
          problems.add(where + ": must be an object");
          continue;
        }
        String name = text(spec, "name", null);
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,31}") || !names.add(name)) {
          problems.add(where + ".name: required, unique, lower-case letters, digits and '_'");
          continue;
        }
        String type = text(spec, "type", "");
        if (type.equals("integer")) {
          int min = integer(spec, where + ".min", "min");
          int max = integer(spec, where + ".max", "max");
          if (min > max) {
            problems.add(where + ": min is above max");
          }
          specs.add(new ParameterSpec(name, ParameterSpec.Type.INTEGER, min, max, List.of()));
        } else if (type.equals("choice")) {
          Set<String> choices = strings(spec, "choices", where);
          if (choices.isEmpty()) {
            problems.add(where + ".choices: a non-empty list is required");
          }
          specs.add(new ParameterSpec(name, ParameterSpec.Type.CHOICE, 0, 0, List.copyOf(choices)));
        } else {
          problems.add(where + ".type: must be 'integer' or 'choice'");
        }
      }
      return specs;
    }

    private BigDecimal optionalPrice(JsonObject o, String key, String at) {
      return o.containsKey(key) ? price(o, at + "." + key, key) : BigDecimal.ZERO;
    }

    private BigDecimal price(JsonObject o, String where) {
      return price(o, where, where.substring(where.lastIndexOf('.') + 1));
    }

    private BigDecimal price(JsonObject o, String where, String key) {
      JsonValue value = o.get(key);
      if (!(value instanceof JsonString s) || !s.getString().matches("(0|[1-9][0-9]{0,9})(\\.[0-9]{1,12})?")) {
        problems.add(where + ": must be a decimal in quotes, e.g. \"5.00\" (quotes keep it exact)");
        return BigDecimal.ZERO;
      }
      return new BigDecimal(s.getString());
    }

    private int integer(JsonObject o, String where, String key) {
      JsonValue value = o.get(key);
      if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().abs().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        problems.add(where + ": must be a whole number");
        return 0;
      }
      return n.intValue();
    }

    private boolean bool(JsonObject o, String where, String key) {
      JsonValue value = o.get(key);
      if (value == null) {
        return false;
      }
      if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
        problems.add(where + ": must be true or false");
        return false;
      }
      return value == JsonValue.TRUE;
    }

    private Set<String> strings(JsonObject o, String key, String at) {
      Set<String> result = new LinkedHashSet<>();
      JsonValue value = o.get(key);
      if (value == null) {
        return result;
      }
      if (!(value instanceof JsonArray array) || !allStrings(array.getValuesAs(JsonValue.class))) {
        problems.add(at + "." + key + ": must be a list of strings");
        return result;
      }
      array.getValuesAs(JsonString.class).forEach(s -> result.add(s.getString()));
      return result;
    }

    private static boolean allStrings(Collection<JsonValue> values) {
      return values.stream().allMatch(v -> v instanceof JsonString);
    }

    private String text(JsonObject o, String key, String fallback) {
      JsonValue value = o.get(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof JsonString s)) {
        problems.add(key + ": must be a string");
        return fallback;
      }
      return s.getString();
    }
  }
}
