// The agent page (README, The agent page). Every value from the API is written with textContent or DOM properties,
// never as HTML; the documents a customer got are shown in sandboxed frames (e-mail) or as blob URLs (PDF).
"use strict";

(() => {
  const keyStorage = "comms.agentKey";
  const api = "/api/";
  const emailPolicy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">";
  const $ = (id) => document.getElementById(id);
  let blobUrls = [];

  /** An element with text; attributes set as properties, never parsed. */
  function el(tag, text, props) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (props) Object.assign(node, props);
    return node;
  }

  function button(text, onClick, props) {
    const b = el("button", text, Object.assign({ type: "button" }, props));
    b.addEventListener("click", onClick);
    return b;
  }

  function say(message, isError) {
    const status = $("status");
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  function when(at) {
    const d = new Date(at);
    return isNaN(d) ? String(at) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  }

  class SignedOut extends Error {}

  /** A call with the agent's key; 401 and 403 sign the agent out with the reason. */
  async function call(path, options) {
    const key = sessionStorage.getItem(keyStorage);
    if (!key) throw new SignedOut("Sign in first.");
    const init = Object.assign({ cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" }, options || {});
    init.headers = Object.assign({ "x-functions-key": key, accept: "application/json" }, init.headers || {});
    const response = await fetch(api + path, init);
    if (response.status === 401) { signOut("That key is not valid.", true); throw new SignedOut("key not valid"); }
    if (response.status === 403) { signOut("This key cannot use the agent page.", true); throw new SignedOut("forbidden"); }
    return response;
  }

  /** The problem's title and detail, or the status line. */
  async function problem(response) {
    try {
      const body = await response.json();
      const errors = body.errors ? Object.values(body.errors).flat().join(" ") : "";
      return [body.title, body.detail, errors].filter(Boolean).join(" ") || `HTTP ${response.status}`;
    } catch {
      return `HTTP ${response.status}`;
    }
  }

  async function json(path, options) {
    const response = await call(path, options);
    if (!response.ok) throw new Error(await problem(response));
    return response.json();
  }

  function failed(error) {
    if (!(error instanceof SignedOut)) say(error.message || String(error), true);
  }

  function showSignedIn(signedIn) {
    $("sign-in").hidden = signedIn;
    $("search").hidden = !signedIn;
    $("sign-out").hidden = !signedIn;
    if (!signedIn) $("timeline").hidden = true;
  }

  function signOut(message, isError) {
    sessionStorage.removeItem(keyStorage);
    clearBlobs();
    $("results").replaceChildren();
    $("comms").replaceChildren();
    showSignedIn(false);
    say(message || "Signed out.", isError);
    $("key").focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const key = $("key").value.trim();
    if (!key) { say("Enter the agent key.", true); return; }
    sessionStorage.setItem(keyStorage, key);
    $("key").value = "";
    try {
      // A search the key must be allowed to make: the same check every later call meets.
      const response = await call("search?q=" + encodeURIComponent("sign-in-check"));
      if (!response.ok) throw new Error(await problem(response));
      showSignedIn(true);
      say("Signed in.");
      $("q").focus();
    } catch (error) {
      failed(error);
    }
  }

  const fieldNames = {
    accountId: "account id", requestId: "request id", invoiceNumber: "invoice number",
    businessKey: "business key", providerMessageId: "provider message id",
  };

  async function search(event) {
    event.preventDefault();
    const q = $("q").value.trim();
    const results = $("results");
    results.replaceChildren();
    if (!q) { say("Enter something to search for.", true); return; }
    say("Searching…");
    try {
      const found = await json("search?q=" + encodeURIComponent(q));
      const list = el("ul", null, { className: "results" });
      for (const match of found.items) {
        const item = el("li");
        item.append(
          button(`Open account ${match.accountId}`, () => openTimeline(match.accountId)),
          el("span", `${fieldNames[match.matchedOn] || match.matchedOn}: ${match.term}`),
          el("span", `${match.commsType} · ${match.channel} · ${when(match.createdAt)}`, { className: "meta" }),
          el("span", `request ${match.requestId}`, { className: "meta" }));
        list.append(item);
      }
      results.append(el("h3", `${found.items.length} ${found.items.length === 1 ? "match" : "matches"} for “${found.query}”`, { id: "results-heading" }));
      if (found.items.length > 0) results.append(list);
      say(found.items.length ? "Choose an account to see its timeline." : "Nothing found.");
    } catch (error) {
      failed(error);
    }
  }

  function clearBlobs() {
    for (const url of blobUrls) URL.revokeObjectURL(url);
    blobUrls = [];
  }

  async function openTimeline(accountId) {
    clearBlobs();
    const section = $("timeline");
    const comms = $("comms");
    comms.replaceChildren();
    $("customer").replaceChildren();
    section.hidden = false;
    $("timeline-heading").textContent = `Timeline of account ${accountId}`;
    say("Loading the timeline…");
    try {
      const profile = await call(`accounts/${encodeURIComponent(accountId)}/profile`);
      $("customer").textContent = profile.ok ? `Customer: ${(await profile.json()).name || "(no name)"}` : "No profile on record.";
      const items = [];
      let token = null;
      do {
        const page = await json(`accounts/${encodeURIComponent(accountId)}/comms?pageSize=100` + (token ? "&continuationToken=" + encodeURIComponent(token) : ""));
        items.push(...page.items);
        token = page.continuationToken;
      } while (token && items.length < 500);
      const views = await Promise.all(items.map((s) => json(`comms/${encodeURIComponent(s.requestId)}`)));
      for (const view of views) comms.append(renderComms(view));
      say(`${views.length} ${views.length === 1 ? "communication" : "communications"}.`);
      $("timeline-heading").focus();
    } catch (error) {
      failed(error);
    }
  }

  function renderComms(view) {
    const item = el("li", null, { className: "comm" });
    item.dataset.requestId = view.requestId;
    item.dataset.channel = view.channel;
    const heading = el("h3", `${view.commsType} by ${view.channel}`);
    const status = el("p", null, { className: "meta" });
    status.append("Status: ", el("span", view.status, { className: "status" }), ` · sent for ${(view.target && view.target.name) || "(no name)"} · created ${when(view.createdAt)} · request ${view.requestId}`);
    item.append(heading, status);
    if (view.failureReason) item.append(el("p", `Reason: ${view.failureReason}`));

    const table = el("table");
    table.append(el("caption", "Status history", { className: "meta" }));
    const head = el("tr");
    for (const name of ["Status", "When", "Source", "Detail"]) head.append(el("th", name, { scope: "col" }));
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const body = el("tbody");
    for (const h of view.history || []) {
      const row = el("tr");
      // The pipeline's detail often names its reference already (the provider's message id).
      const reference = h.reference && !(h.detail || "").includes(h.reference) ? h.reference : null;
      row.append(el("td", h.status), el("td", when(h.at)), el("td", h.source), el("td", [h.detail, reference].filter(Boolean).join(" · ")));
      body.append(row);
    }
    table.append(body);
    const history = el("div", null, { className: "history" });
    history.append(table);
    item.append(history);

    const result = el("p", null, { className: "result", role: "status" });
    const shown = el("div", null, { className: "document" });
    const actions = el("div", null, { className: "actions" });
    if ((view.documents || []).length > 0) {
      actions.append(button(`Show what the customer got (${view.channel})`, () => showDocuments(view, shown, result), { className: "show" }));
    }
    actions.append(
      button("Resend", () => act(view.requestId, "resend", result), { className: "resend" }),
      button("Cancel", () => act(view.requestId, "cancel", result), { className: "cancel" }));
    item.append(actions, result, shown);
    return item;
  }

  async function act(requestId, action, result) {
    result.textContent = action === "resend" ? "Resending…" : "Cancelling…";
    try {
      const response = await call(`comms/${encodeURIComponent(requestId)}/${action}`, { method: "POST" });
      if (!response.ok) { result.textContent = `Not done: ${await problem(response)}`; return; }
      const body = await response.json();
      result.textContent = action === "resend"
        ? `Resent as ${body.requestId} (${body.status}).`
        : `Cancelled: ${body.requestId} is ${body.status}.`;
    } catch (error) {
      if (!(error instanceof SignedOut)) result.textContent = `Not done: ${error.message}`;
    }
  }

  async function documentBlob(requestId, name) {
    const response = await call(`comms/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(name)}`, { headers: { accept: "*/*" } });
    if (!response.ok) throw new Error(`${name}: ${await problem(response)}`);
    return response.blob();
  }

  async function showDocuments(view, shown, result) {
    shown.replaceChildren();
    result.textContent = "Loading the documents…";
    try {
      const documents = view.documents || [];
      const hasPdf = documents.some((d) => d.contentType === "application/pdf");
      for (const doc of documents) {
        const figure = el("figure", null, { className: "doc" });
        figure.dataset.name = doc.name;
        const caption = el("figcaption", `${doc.name} (${doc.contentType}, ${doc.length} bytes)`, { className: "meta" });
        if (doc.contentType === "application/pdf") {
          const blob = await documentBlob(view.requestId, doc.name);
          const url = URL.createObjectURL(new Blob([blob], { type: "application/pdf" }));
          blobUrls.push(url);
          caption.textContent = `${doc.name}: the letter as printed, PDF of ${blob.size} bytes`;
          figure.dataset.size = String(blob.size);
          figure.append(caption, el("iframe", null, { src: url, title: `Letter ${view.requestId} (PDF)`, className: "pdf" }));
        } else if (doc.contentType.startsWith("text/html")) {
          if (hasPdf) continue; // A letter's HTML is the PDF's source: the PDF is what the customer got.
          const html = await (await documentBlob(view.requestId, doc.name)).text();
          const frame = el("iframe", null, { title: `E-mail ${view.requestId} as received`, className: "email" });
          frame.setAttribute("sandbox", "");
          frame.setAttribute("referrerpolicy", "no-referrer");
          frame.srcdoc = emailPolicy + html;
          figure.append(caption, frame);
        } else {
          const text = await (await documentBlob(view.requestId, doc.name)).text();
          figure.append(caption, el("pre", text, { className: "text" }));
        }
        shown.append(figure);
      }
      result.textContent = `Showing ${shown.childElementCount} ${shown.childElementCount === 1 ? "document" : "documents"}.`;
    } catch (error) {
      if (!(error instanceof SignedOut)) result.textContent = `Not shown: ${error.message}`;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", signIn);
    $("search-form").addEventListener("submit", search);
    $("sign-out").addEventListener("click", () => signOut());
    showSignedIn(Boolean(sessionStorage.getItem(keyStorage)));
    (sessionStorage.getItem(keyStorage) ? $("q") : $("key")).focus();
  });
})();
