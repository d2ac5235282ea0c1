// reckon's dashboard page: numbers from /api/v1, refreshed every few seconds. Amounts arrive as exact decimal
// strings and are formatted with BigInt, never through a double; only the chart's points are doubles.
(function () {
  "use strict";
  const REFRESH_MS = 3000;
  const state = { key: null, advertiser: null, chart: null, chartCurrency: null, updatedAt: null, timer: null, freshTimer: null, chartSymbol: null, seq: 0, loop: 0 };
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- the key: from #key=..., kept in this tab only
  function readKey() {
    const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (m) {
      try {
        sessionStorage.setItem("reckon.key", decodeURIComponent(m[1]));
      } catch (e) {
        // a malformed fragment: no key from it, the sign-in form instead
      }
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem("reckon.key");
  }

  async function api(path, params) {
    const q = new URLSearchParams(params || {}).toString();
    const res = await fetch("/api/v1/" + path + (q ? "?" + q : ""),
      { headers: { "Authorization": "Bearer " + state.key }, signal: AbortSignal.timeout(20000) });
    const body = await res.json().catch(() => ({ error: "the server answered " + res.status }));
    if (res.status === 401) {
      state.loop++;  // no more refreshes with a key that was refused
      clearTimeout(state.timer);
      sessionStorage.removeItem("reckon.key");
      showLogin("That key was not accepted.");
      throw new Error("unauthorized");
    }
    if (!res.ok) {
      throw new Error(body.error || ("the server answered " + res.status));
    }
    return body;
  }

  // ---------------------------------------------------------------- exact money formatting
  const fractionDigits = {};
  function digitsOf(currency) {
    if (!(currency in fractionDigits)) {
      try {
        fractionDigits[currency] = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
      } catch (e) {
        fractionDigits[currency] = 2;
      }
    }
    return fractionDigits[currency];
  }
  function symbolOf(currency) {
    try {
      const part = new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "narrowSymbol" })
        .formatToParts(0).find((p) => p.type === "currency");
      return part ? part.value : currency + " ";
    } catch (e) {
      return currency + " ";
    }
  }
  /** "1234567.890123" (units, six decimals) in currency: "$1,234,567.89", rounded half up, exactly. */
  function money(decimal, currency) {
    const negative = decimal.startsWith("-");
    const [intPart, frac = ""] = (negative ? decimal.slice(1) : decimal).split(".");
    const micros = BigInt(intPart + (frac + "000000").slice(0, 6));
    const f = digitsOf(currency);
    const scale = 10n ** BigInt(6 - f);
    const rounded = (micros + scale / 2n) / scale;
    const unit = 10n ** BigInt(f);
    const whole = (rounded / unit).toLocaleString("en-US");
    const cents = f > 0 ? "." + (rounded % unit).toString().padStart(f, "0") : "";
    return (negative && rounded !== 0n ? "−" : "") + symbolOf(currency) + whole + cents;
  }
  const count = (n) => Number(n).toLocaleString("en-US");

  // ---------------------------------------------------------------- rendering
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === "class" ? (e.className = v) : e.setAttribute(k, v)));
    children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }
  function badge(status) {
    return el("span", { class: "badge " + status.toLowerCase(), "data-status": status }, status);
  }

  function renderToday(totals, todayStatus) {
    const tiles = $("today");
    tiles.replaceChildren();
    const currencies = Object.entries(totals.currencies);
    if (currencies.length === 0) {
      tiles.append(el("div", { class: "tile" }, el("div", { class: "sub" }, "No events yet today.")));
    }
    currencies.forEach(([currency, a]) => {
      tiles.append(el("div", { class: "tile", "data-currency": currency },
        el("div", { class: "sub" }, currency, " ", badge(todayStatus)),
        el("div", { class: "amount", "data-spend": a.spend }, money(a.spend, currency)),
        el("div", { class: "sub" }, count(a.impressions) + " impressions · " + count(a.clicks) + " clicks")));
    });
    $("today-label").textContent = totals.from.slice(0, 10) + " UTC";
  }

  function renderCampaigns(top) {
    const body = $("campaigns").tBodies[0];
    body.replaceChildren();
    Object.entries(top.currencies).forEach(([currency, rows]) => rows.forEach((r) => body.append(
      el("tr", { "data-campaign": r.campaign, "data-currency": currency },
        el("td", {}, r.campaign), el("td", {}, currency), el("td", { class: "num" }, count(r.impressions)),
        el("td", { class: "num" }, count(r.clicks)), el("td", { class: "num", "data-spend": r.spend }, money(r.spend, currency))))));
    if (!body.rows.length) {
      body.append(el("tr", {}, el("td", { colspan: "5", class: "muted" }, "No campaign has spend today yet.")));
    }
  }

  function renderDays(days, totalsByDay) {
    const body = $("days").tBodies[0];
    body.replaceChildren();
    days.slice().reverse().forEach((d) => {
      const t = totalsByDay[d.day] || {};
      const spend = Object.entries(t).map(([c, a]) => money(a.spend, c)).join(" · ") || "–";
      const since = Object.entries(t).filter(([, a]) => a.since_final)
        .map(([c, a]) => money(a.since_final.spend, c) + " since FINAL").join(" · ");
      const updated = d.updated_at ? "updated " + d.updated_at.replace("T", " ").replace("Z", " UTC") : "no rows yet";
      // the version as text: near 2^62 a double cannot tell versions apart
      const notes = d.status === "FINAL" ? "version " + d.final_version_text + (since ? "; " + since : "")
        : d.status === "REVISING" ? "being re-verified after late events (FINAL version " + d.final_version_text + " is billed); " + updated
        : updated;
      body.append(el("tr", { "data-day": d.day, "data-status": d.status },
        el("td", {}, d.day), el("td", {}, badge(d.status)), el("td", { class: "num" }, spend), el("td", { class: "muted" }, notes)));
    });
  }

  function renderChart(series, fromMs, toMs) {
    const currencies = Object.keys(series.currencies);
    const pick = $("chart-currency");
    if (pick.options.length !== currencies.length || currencies.some((c, i) => pick.options[i].value !== c)) {
      pick.replaceChildren(...currencies.map((c) => el("option", { value: c }, c)));
    }
    if (!currencies.includes(state.chartCurrency)) {
      state.chartCurrency = currencies[0] || null;
    }
    pick.value = state.chartCurrency || "";
    // One point per minute of the window, a minute without rows at zero (the chart is for the eye: doubles are fine).
    const bySecond = new Map((state.chartCurrency ? series.currencies[state.chartCurrency] : [])
      .map((p) => [Date.parse(p.start) / 1000, Number(p.spend)]));
    const xs = [];
    const ys = [];
    for (let t = fromMs / 1000; t < toMs / 1000; t += 60) {
      xs.push(t);
      ys.push(bySecond.get(t) || 0);
    }
    const symbol = state.chartCurrency ? symbolOf(state.chartCurrency) : "";
    const width = Math.max(280, $("chart").clientWidth);
    if (!state.chart || state.chart.width !== width || state.chartSymbol !== symbol) {
      if (state.chart) {
        state.chart.destroy();
      }
      state.chartSymbol = symbol;
      state.chart = new uPlot({
        width, height: 260, tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        series: [{ label: "UTC" }, { label: "spend", stroke: "#2f5bea", fill: "rgba(47,91,234,.10)", width: 2,
          points: { show: false }, value: (u, v) => (v == null ? "–" : symbol + v.toLocaleString("en-US")) }],
        axes: [{ space: 70, values: (u, vals) => vals.map((v) => new Date(v * 1000).toISOString().slice(11, 16)) },
          { size: 80, values: (u, vals) => vals.map((v) => symbol + v.toLocaleString("en-US")) }],
      }, [xs, ys], $("chart"));
    } else {
      state.chart.setData([xs, ys]);
    }
  }

  function renderFreshness() {
    const f = $("freshness");
    if (!state.updatedAt) {
      f.textContent = "no rows yet today";
      return;
    }
    const s = Math.max(0, Math.round((Date.now() - state.updatedAt) / 1000));
    f.textContent = "updated " + (s < 120 ? s + " s" : Math.round(s / 60) + " min") + " ago";
  }

  // ---------------------------------------------------------------- the refresh loop
  const utcDay = (d) => d.toISOString().slice(0, 10);

  /** One refresh; an answer that arrives after a newer refresh began (or the advertiser changed) is dropped. */
  async function refresh() {
    const seq = ++state.seq;
    const now = new Date();
    const today = utcDay(now);
    const weekAgo = utcDay(new Date(now.getTime() - 6 * 86400000));
    const tomorrow = utcDay(new Date(now.getTime() + 86400000));
    const chartFrom = new Date(Math.floor(now.getTime() / 60000) * 60000 - 3 * 3600000).toISOString();
    const chartTo = new Date(Math.floor(now.getTime() / 60000) * 60000 + 60000).toISOString();
    const adv = state.advertiser;
    try {
      const [totals, top, series, days] = await Promise.all([
        api("totals", { advertiser: adv, day: today }),
        api("top", { advertiser: adv, day: today, level: "campaign", n: "100" }),
        api("series", { advertiser: adv, bucket: "minute", from: chartFrom, to: chartTo }),
        api("days", { advertiser: adv, from: weekAgo, to: tomorrow }),
      ]);
      const perDay = await Promise.all(days.days.map((d) => api("totals", { advertiser: adv, day: d.day })
        .then((t) => [d.day, t.currencies])));
      if (seq !== state.seq || adv !== state.advertiser) {
        return;
      }
      const todayStatus = days.days.find((d) => d.day === today) || { status: "PROVISIONAL" };
      state.updatedAt = todayStatus.updated_at ? Date.parse(todayStatus.updated_at) : null;
      renderToday(totals, todayStatus.status);
      renderCampaigns(top);
      renderChart(series, Date.parse(chartFrom), Date.parse(chartTo));
      renderDays(days.days, Object.fromEntries(perDay));
      renderFreshness();
      $("error").classList.add("hidden");
    } catch (e) {
      if (e.message !== "unauthorized" && seq === state.seq) {
        $("error").textContent = "Could not refresh: " + e.message;
        $("error").classList.remove("hidden");
      }
    }
  }

  async function start() {
    $("login").classList.add("hidden");
    const me = await api("me");
    const list = (await api("advertisers")).advertisers;
    const pick = $("advertiser");
    pick.replaceChildren(...list.map((a) => el("option", { value: a }, a)));
    state.advertiser = list.includes(state.advertiser) ? state.advertiser : (me.advertisers[0] || list[0] || null);
    pick.value = state.advertiser || "";
    $("main").classList.remove("hidden");
    if (!state.advertiser) {
      $("error").textContent = "No advertiser has rows in the last 7 days.";
      $("error").classList.remove("hidden");
      return;
    }
    schedule();
    if (!state.freshTimer) {
      state.freshTimer = setInterval(renderFreshness, 1000);
    }
  }

  /** Refreshes now and again REFRESH_MS after each one ends, so that refreshes never pile up; one loop at a time. */
  function schedule() {
    const loop = ++state.loop;
    clearTimeout(state.timer);
    const tick = async () => {
      if (loop !== state.loop) {
        return;
      }
      await refresh();
      if (loop === state.loop) {
        state.timer = setTimeout(tick, REFRESH_MS);
      }
    };
    tick();
  }

  function showLogin(message) {
    $("main").classList.add("hidden");
    $("login").classList.remove("hidden");
    if (message) {
      $("error").textContent = message;
      $("error").classList.remove("hidden");
    }
  }

  window.addEventListener("resize", () => {
    if (state.chart) {
      state.chart.setSize({ width: Math.max(280, $("chart").clientWidth), height: 260 });
    }
  });
  $("login-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.key = $("key").value.trim();
    sessionStorage.setItem("reckon.key", state.key);
    $("error").classList.add("hidden");
    start().catch((e) => showLogin(e.message === "unauthorized" ? "That key was not accepted." : e.message));
  });
  $("advertiser").addEventListener("change", (ev) => {
    state.advertiser = ev.target.value;
    schedule();
  });
  $("chart-currency").addEventListener("change", (ev) => {
    state.chartCurrency = ev.target.value;
    schedule();
  });

  state.key = readKey();
  if (state.key) {
    start().catch((e) => showLogin(e.message === "unauthorized" ? "That key was not accepted." : e.message));
  } else {
    showLogin();
  }
})();
