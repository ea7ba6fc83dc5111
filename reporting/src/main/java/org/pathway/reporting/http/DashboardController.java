package org.pathway.reporting.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Filter;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Profile;
import org.pathway.reporting.peers.AllJourneys;
import org.pathway.reporting.streams.JourneyStreams;
import org.pathway.reporting.view.Csv;
import org.pathway.reporting.view.DashboardCharts;
import org.pathway.reporting.view.DashboardSection;
import org.pathway.reporting.view.DashboardTables;
import org.pathway.reporting.view.FigureTable;
import org.pathway.reporting.view.Messages;
import org.pathway.reporting.view.PageRenderer;

/**
 * The commissioner's dashboard: {@code GET /dashboard} (charts, tables, filters), {@code GET
 * /dashboard/csv/{chart}} (a chart's table as CSV), and the session a browser needs to carry its
 * bearer token ({@code GET /dashboard/sign-in}, {@code POST /dashboard/session}, {@code POST
 * /dashboard/sign-out}; see {@link DashboardSession}). Refusals are audited like the API's.
 */
@Controller("/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DashboardController {

  private static final Locale LOCALE = Locale.ENGLISH;
  private static final List<String> FILTERS = List.of("from", "to", "practice", "pcn", "pathway");

  private final AllJourneys allJourneys;
  private final DashboardAccess access;
  private final RefusalAudit audit;
  private final PageRenderer pages = new PageRenderer();

  DashboardController(AllJourneys allJourneys, TokenVerifier verifier, RefusalAudit audit) {
    this.allJourneys = allJourneys;
    this.access = new DashboardAccess(verifier);
    this.audit = audit;
  }

  @Get(produces = MediaType.TEXT_HTML)
  HttpResponse<String> page(HttpRequest<?> request) {
    AccessGate.Decision decision = access.decide(DashboardSession.authorization(request));
    if (!decision.allowed()) {
      return refused(request, decision);
    }
    Map<String, List<String>> query = filters(request);
    Map<String, Object> model = new HashMap<>();
    model.put("caller", decision.caller().clientId());
    model.put("echarts", DashboardAssets.ECHARTS);
    for (String name : FILTERS) {
      List<String> v = query.getOrDefault(name, List.of());
      model.put(name, v.isEmpty() ? null : v.get(0));
    }
    model.put("problem", null);
    model.put("journeys", null);
    model.put("sections", List.of());
    HttpStatus status = HttpStatus.OK;
    try {
      List<Journey> journeys = allJourneys.all();
      Filter yours = FilterParams.ofApi(Map.of(), decision.caller());
      List<Journey> seen = journeys.stream().filter(yours::includes).toList();
      model.put("practices", choices(seen, Profile::practice));
      model.put("pcns", choices(seen, Profile::pcn));
      model.put("pathways", choices(seen, Profile::pathway));
      Filter filter = FilterParams.ofApi(query, decision.caller());
      FigureSet figures = FigureSet.of(journeys, filter);
      model.put("journeys", figures.journeys());
      model.put("sections", sections(figures, query));
    } catch (FilterParams.InvalidParameterException e) {
      status = HttpStatus.BAD_REQUEST;
      model.put("problem", e.getMessage());
    } catch (JourneyStreams.NotReadyException e) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      model.put("problem", e.getMessage());
      model.putIfAbsent("practices", List.of());
      model.putIfAbsent("pcns", List.of());
      model.putIfAbsent("pathways", List.of());
    }
    return HttpResponse.<String>status(status)
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(pages.render("dashboard", LOCALE, model));
  }

  @Get(value = "/csv/{chart}")
  HttpResponse<String> csv(HttpRequest<?> request, @PathVariable String chart) {
    AccessGate.Decision decision = access.decide(DashboardSession.authorization(request));
    if (!decision.allowed()) {
      audit.refused(
          request.getMethodName(),
          request.getPath(),
          decision.status(),
          decision.reason(),
          decision.caller());
      return HttpResponse.<String>status(HttpStatus.valueOf(decision.status()))
          .header(HttpHeaders.WWW_AUTHENTICATE, decision.challenge())
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(decision.reason());
    }
    if (!DashboardTables.IDS.contains(chart)) {
      return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body("no chart called " + chart);
    }
    FigureSet figures;
    try {
      figures =
          FigureSet.of(allJourneys.all(), FilterParams.ofApi(filters(request), decision.caller()));
    } catch (FilterParams.InvalidParameterException e) {
      return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(e.getMessage());
    } catch (JourneyStreams.NotReadyException e) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
          .header("Retry-After", "5")
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(e.getMessage());
    }
    FigureTable table = new DashboardTables(LOCALE).one(figures, chart);
    return HttpResponse.ok(Csv.of(table))
        .contentType("text/csv;charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + chart + ".csv\"");
  }

  @Get(value = "/sign-in", produces = MediaType.TEXT_HTML)
  HttpResponse<String> signIn(@Nullable String ended) {
    return signInPage(HttpStatus.OK, ended == null ? null : words("signin.problem.ended"));
  }

  @Post(value = "/session", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<String> session(HttpRequest<?> request, @Body Map<String, String> form) {
    String token = form.getOrDefault("token", "").trim();
    if (token.isEmpty()) {
      return signInPage(HttpStatus.UNAUTHORIZED, words("signin.problem.missing"));
    }
    AccessGate.Decision decision = access.decide("Bearer " + token);
    if (!decision.allowed()) {
      audit.refused(
          request.getMethodName(),
          request.getPath(),
          decision.status(),
          decision.reason(),
          decision.caller());
      return signInPage(
          HttpStatus.valueOf(decision.status()),
          words("signin.problem.invalid", decision.reason()));
    }
    return HttpResponse.<String>seeOther(URI.create(DashboardSession.PATH))
        .cookie(DashboardSession.start(token));
  }

  @Post(value = "/sign-out", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<String> signOut() {
    return HttpResponse.<String>seeOther(URI.create(DashboardSession.PATH + "/sign-in"))
        .cookie(DashboardSession.end());
  }

  private HttpResponse<String> refused(HttpRequest<?> request, AccessGate.Decision decision) {
    boolean hadSession = DashboardSession.present(request);
    if (decision.status() == 401
        && !hadSession
        && request.getHeaders().get(HttpHeaders.AUTHORIZATION) == null) {
      // Nobody signed in yet: not a refusal worth an audit line, just the way in.
      return HttpResponse.seeOther(URI.create(DashboardSession.PATH + "/sign-in"));
    }
    audit.refused(
        request.getMethodName(),
        request.getPath(),
        decision.status(),
        decision.reason(),
        decision.caller());
    if (decision.status() == 401) {
      MutableHttpResponse<String> r =
          HttpResponse.seeOther(URI.create(DashboardSession.PATH + "/sign-in?ended=true"));
      return r.cookie(DashboardSession.end());
    }
    Map<String, Object> model = new HashMap<>();
    model.put("reason", decision.reason());
    return HttpResponse.<String>status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(pages.render("refused", LOCALE, model));
  }

  private HttpResponse<String> signInPage(HttpStatus status, String problem) {
    Map<String, Object> model = new HashMap<>();
    model.put("problem", problem);
    return HttpResponse.<String>status(status)
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(pages.render("signin", LOCALE, model));
  }

  private List<DashboardSection> sections(FigureSet figures, Map<String, List<String>> query) {
    List<FigureTable> tables = new DashboardTables(LOCALE).all(figures);
    Map<String, Map<String, Object>> charts = new DashboardCharts(LOCALE).all(figures);
    String suffix = queryString(query);
    List<DashboardSection> sections = new ArrayList<>();
    for (FigureTable t : tables) {
      sections.add(
          new DashboardSection(
              t, Json.write(charts.get(t.id())), "/dashboard/csv/" + t.id() + suffix));
    }
    return sections;
  }

  /** The filter parameters given, blanks ("any") dropped. */
  private static Map<String, List<String>> filters(HttpRequest<?> request) {
    Map<String, List<String>> all = request.getParameters().asMap();
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String name : FILTERS) {
      List<String> values =
          all.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).toList();
      if (!values.isEmpty()) {
        kept.put(name, values);
      }
    }
    return kept;
  }

  private static String queryString(Map<String, List<String>> query) {
    List<String> parts = new ArrayList<>();
    query.forEach(
        (name, values) ->
            values.forEach(
                v -> parts.add(name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private static List<String> choices(List<Journey> journeys, Function<Profile, String> value) {
    TreeSet<String> set = new TreeSet<>();
    for (Journey j : journeys) {
      String v = value.apply(j.profile());
      if (v != null && !v.isBlank()) {
        set.add(v);
      }
    }
    return List.copyOf(set);
  }

  private static String words(String key, Object... args) {
    return Messages.text(LOCALE, key, args);
  }
}
