package org.pathway.fhiradapter.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.pathway.fhiradapter.fhir.BodyFormat;

/**
 * The request as HAPI must see it after the limits: the decoded body they checked, declared as
 * plain UTF-8 FHIR of the checked format, with no {@code Content-Encoding} left to undo. HAPI
 * therefore parses exactly the bytes that were judged, never a second, unchecked decompression.
 */
final class DecodedRequest extends HttpServletRequestWrapper {

  private static final String CONTENT_TYPE = "content-type";
  private static final String CONTENT_ENCODING = "content-encoding";

  private final byte[] body;
  private final String contentType;

  /**
   * @param format the checked format, or null for an empty body sent without a type
   */
  DecodedRequest(HttpServletRequest request, byte[] body, BodyFormat format) {
    super(request);
    this.body = body;
    this.contentType = format == null ? null : format.canonicalContentType();
  }

  @Override
  public ServletInputStream getInputStream() {
    var in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("blocking reads only");
      }

      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
  }

  @Override
  public String getCharacterEncoding() {
    return contentType == null ? null : "UTF-8";
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  @Override
  public String getHeader(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case CONTENT_TYPE -> contentType;
      case CONTENT_ENCODING -> null;
      case "content-length" -> Integer.toString(body.length);
      default -> super.getHeader(name);
    };
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case CONTENT_TYPE, CONTENT_ENCODING, "content-length" -> {
        String value = getHeader(name);
        yield value == null
            ? Collections.emptyEnumeration()
            : Collections.enumeration(java.util.List.of(value));
      }
      default -> super.getHeaders(name);
    };
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    var names = new java.util.ArrayList<String>();
    for (var e = super.getHeaderNames(); e.hasMoreElements(); ) {
      String n = e.nextElement();
      String lower = n.toLowerCase(Locale.ROOT);
      if (lower.equals(CONTENT_ENCODING) || (lower.equals(CONTENT_TYPE) && contentType == null)) {
        continue;
      }
      names.add(n);
    }
    return Collections.enumeration(names);
  }
}
