package org.pathway.testsupport.browser;

import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Accessibility checks run inside the page on what the browser computed (axe-core is not on Maven
 * Central, so these are Pathway's own): the document's language, exactly one h1, heading levels
 * that do not skip, a label for every form control, an accessible name for every link and button,
 * and text contrast of at least 4.5:1 against the background actually painted behind it.
 */
public final class AccessibilityCheck {

  /** WCAG 2.2 AA for normal text. */
  public static final double MIN_CONTRAST = 4.5;

  private static final String SCRIPT =
      """
      const problems = [];
      const lang = document.documentElement.getAttribute('lang');
      if (!lang || !lang.trim()) problems.push('html has no lang');
      const h1s = document.querySelectorAll('h1');
      if (h1s.length !== 1) problems.push('expected exactly one h1, found ' + h1s.length);
      let last = 0;
      for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
        const level = Number(h.tagName.substring(1));
        if (level > last + 1) problems.push('heading level skips from h' + last + ' to h' + level + ': ' + h.textContent.trim());
        last = level;
      }
      const visible = el => {
        const s = getComputedStyle(el);
        return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
      };
      const text = el => (el.textContent || '').replace(/\\s+/g, ' ').trim();
      const byIds = ids => ids.split(/\\s+/).map(id => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
      for (const c of document.querySelectorAll('input,select,textarea')) {
        const type = (c.getAttribute('type') || '').toLowerCase();
        if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'reset') continue;
        let name = (c.getAttribute('aria-label') || '').trim();
        if (!name && c.getAttribute('aria-labelledby')) name = byIds(c.getAttribute('aria-labelledby'));
        if (!name && c.labels) name = Array.from(c.labels).map(text).join(' ').trim();
        if (!name) problems.push('form control without a label: ' + (c.name || c.id || c.tagName));
      }
      for (const c of document.querySelectorAll('a[href],button,input[type=submit],input[type=button]')) {
        let name = (c.getAttribute('aria-label') || '').trim();
        if (!name && c.getAttribute('aria-labelledby')) name = byIds(c.getAttribute('aria-labelledby'));
        if (!name) name = c.tagName === 'INPUT' ? (c.value || '').trim() : text(c);
        if (!name) name = (c.getAttribute('title') || '').trim();
        if (!name) problems.push('link or button without an accessible name: ' + c.outerHTML.substring(0, 80));
      }
      const rgba = v => {
        const m = v.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return [255, 255, 255, 1];
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
      };
      const over = (top, bottom) => {
        const a = top[3];
        return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
      };
      const background = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c[3] > 0) layers.push(c);
          if (c[3] >= 1) break;
        }
        let colour = [255, 255, 255, 1];
        for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
        return colour;
      };
      const luminance = c => {
        const ch = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
      };
      for (const el of document.body.querySelectorAll('*')) {
        const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
        const isControl = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
        if ((!own && !isControl) || !visible(el)) continue;
        const bg = background(el);
        const fg = over(rgba(getComputedStyle(el).color), bg);
        const l1 = luminance(fg), l2 = luminance(bg);
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < arguments[0]) problems.push('contrast ' + ratio.toFixed(2) + ':1 for ' + el.tagName.toLowerCase() + ' "' + text(el).substring(0, 40) + '"');
      }
      return problems;
      """;

  private AccessibilityCheck() {}

  /** The problems found in the page {@code driver} shows now; empty when it passes. */
  public static List<String> run(WebDriver driver) {
    Object answer = ((JavascriptExecutor) driver).executeScript(SCRIPT, MIN_CONTRAST);
    List<String> problems = new ArrayList<>();
    if (answer instanceof List<?> list) {
      list.forEach(p -> problems.add(String.valueOf(p)));
    }
    return problems;
  }
}
