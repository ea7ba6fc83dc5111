package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathway.fhiradapter.fhir.RequestRejectedException.Reason;

class InputLimitsTest {

  private final InputLimits limits = new InputLimits(10_000, 16, 3, 100);

  @Test
  void acceptsOrdinaryJson() {
    assertThat(
            limits.check(
                bytes("{\"resourceType\":\"Bundle\",\"entry\":[{},{},{}]}"),
                "application/fhir+json"))
        .isEmpty();
  }

  @Test
  void refusesTooManyBundleEntriesAsTooLarge() {
    var refusal =
        limits.check(bytes("{\"resourceType\":\"Bundle\",\"entry\":[{},{},{},{}]}"), (String) null);
    assertThat(refusal).get().extracting(InputLimits.Refusal::reason).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void refusesDeepNestingWithoutStackOverflow() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    var refusal = InputLimits.defaults().check(bytes(deep), "application/fhir+json");
    assertThat(refusal).get().extracting(InputLimits.Refusal::reason).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void refusesOversizeBodyAsTooLarge() {
    assertThat(limits.check(new byte[10_001], (String) null))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void refusesXmlWithDoctype() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
    assertThat(limits.check(bytes(xml), "application/fhir+xml")).isPresent();
  }

  @Test
  void nestedEntryArraysAreNotCountedAsBundleEntries() {
    String json = "{\"resourceType\":\"Bundle\",\"entry\":[{\"x\":{\"entry\":[1,2,3,4,5]}}]}";
    assertThat(limits.check(bytes(json), (String) null)).isEmpty();
  }

  @Test
  void refusesAStringLongerThanTheLimitNamingWhereItIs() {
    String json =
        "{\"resourceType\":\"ServiceRequest\",\"note\":[{\"text\":\"" + "x".repeat(101) + "\"}]}";
    var refusal = limits.check(bytes(json), "application/fhir+json");
    assertThat(refusal).get().extracting(InputLimits.Refusal::reason).isEqualTo(Reason.TOO_LARGE);
    assertThat(refusal.get().issue().expression()).isEqualTo("note[0].text");
  }

  @Test
  void judgesEscapedStringsByTheirDecodedLength() {
    // 60 escapes are 360 bytes on the wire but 60 characters once decoded: within the limit.
    String json = "{\"a\":\"" + "\\u0041".repeat(60) + "\"}";
    assertThat(limits.check(bytes(json), "application/fhir+json")).isEmpty();
  }

  @Test
  void refusesXmlTooDeepTooManyEntriesOrWithALongValue() {
    String deep = "<a>".repeat(17) + "</a>".repeat(17);
    assertThat(limits.check(bytes(deep), "application/fhir+xml"))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.MALFORMED);
    String entries = "<Bundle xmlns=\"http://hl7.org/fhir\">" + "<entry/>".repeat(4) + "</Bundle>";
    assertThat(limits.check(bytes(entries), "application/fhir+xml"))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.TOO_LARGE);
    String longValue =
        "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"" + "x".repeat(101) + "\"/></Patient>";
    assertThat(limits.check(bytes(longValue), "application/fhir+xml"))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.TOO_LARGE);
    String fine = "<Bundle xmlns=\"http://hl7.org/fhir\">" + "<entry/>".repeat(3) + "</Bundle>";
    assertThat(limits.check(bytes(fine), "application/fhir+xml")).isEmpty();
  }

  @Test
  void refusesAGzipBombBeforeItGrowsPastTheLimit() throws IOException {
    byte[] bomb = gzip(new byte[5_000_000]);
    assertThat(bomb.length).isLessThan(limits.maxBytes());
    assertThatThrownBy(() -> limits.admit(bomb, BodyFormat.JSON, "gzip"))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void decodesGzipAndDeflateThenChecksWhatWasDecoded() throws IOException {
    byte[] ok = bytes("{\"resourceType\":\"Patient\"}");
    assertThat(limits.admit(gzip(ok), BodyFormat.JSON, "gzip")).isEqualTo(ok);
    assertThat(limits.admit(gzip(ok), BodyFormat.JSON, " X-GZIP ")).isEqualTo(ok);
    assertThat(limits.admit(deflate(ok), BodyFormat.JSON, "deflate")).isEqualTo(ok);
    byte[] deep = bytes("[".repeat(40) + "]".repeat(40));
    assertThatThrownBy(() -> limits.admit(gzip(deep), BodyFormat.JSON, "gzip"))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void refusesUnknownOrStackedContentEncodingsAsUnsupported() {
    for (String coding : new String[] {"br", "compress", "gzip, gzip", "zstd"}) {
      assertThatThrownBy(() -> limits.admit(bytes("{}"), BodyFormat.JSON, coding))
          .as(coding)
          .isInstanceOfSatisfying(
              RequestRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
    }
  }

  @Test
  void refusesCorruptGzipAsMalformed() {
    assertThatThrownBy(() -> limits.admit(bytes("not gzip at all"), BodyFormat.JSON, "gzip"))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/fhir+json",
        "application/fhir+json; charset=utf-8",
        "Application/FHIR+JSON;Charset=UTF-8",
        "application/fhir+json ; charset=\"utf-8\" ; fhirVersion=4.0 ; x=y",
        "application/json",
        "application/json+fhir;charset=UTF8"
      })
  void readsEveryJsonSpellingAsJson(String contentType) {
    assertThat(BodyFormat.of(contentType)).isEqualTo(BodyFormat.JSON);
  }

  @Test
  void aContentTypeParameterCannotTurnJsonChecksOff() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    for (String type :
        new String[] {"application/fhir+json; x=xml", "application/fhir+json;profile=\"+xml\""}) {
      assertThat(InputLimits.defaults().check(bytes(deep), type)).as(type).isPresent();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/fhir+json; charset=iso-8859-1",
        "application/fhir+xml; charset=utf-16",
        "application/octet-stream",
        "application/json-patch+json",
        "multipart/form-data; boundary=x"
      })
  void refusesOtherMediaTypesAndCharsetsAsUnsupported(String contentType) {
    assertThatThrownBy(() -> BodyFormat.of(contentType))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
  }

  @Test
  void refusesUtf16BodiesWithOrWithoutAByteOrderMark() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE x><Patient xmlns=\"http://hl7.org/fhir\"/>";
    for (var charset :
        new java.nio.charset.Charset[] {
          StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE
        }) {
      assertThat(limits.check(xml.getBytes(charset), BodyFormat.XML))
          .as(charset.name())
          .get()
          .extracting(InputLimits.Refusal::reason)
          .isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
      assertThat(limits.check("{\"a\":1}".getBytes(charset), BodyFormat.JSON))
          .as(charset.name())
          .get()
          .extracting(InputLimits.Refusal::reason)
          .isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
    }
  }

  @Test
  void refusesBytesThatAreNotUtf8ButAcceptsUtf8WithABom() {
    byte[] latin1 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(limits.check(latin1, BodyFormat.JSON))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
    byte[] utf8 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[utf8.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(utf8, 0, withBom, 3, utf8.length);
    assertThat(limits.admit(withBom, BodyFormat.JSON, null)).isEqualTo(utf8);
  }

  @Test
  void refusesXmlDeclaringAnotherEncoding() {
    String xml =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Patient xmlns=\"http://hl7.org/fhir\"/>";
    assertThat(limits.check(bytes(xml), BodyFormat.XML))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] plain) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var z = new DeflaterOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
