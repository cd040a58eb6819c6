// Builds the web-view address: the H5 address with the identity ticket and the elder-mode
// wish in the fragment, each value encodeURIComponent-ed. The fragment never reaches a server
// or an access log; the H5 reads it once and takes the ticket out of the address.
// `path` (optional): the H5 page to open instead of the H5's start, as the H5 gave it when it
// relaunched the index page (its session ended): a path under the H5's own directory, on the
// H5's own origin — anything else opens the start page.
function webViewSrc(h5Url, ticket, elder, path) {
  var base = String(h5Url).split("#")[0];
  var at = samePlace(base, path);
  if (at) base = at;
  var params = [];
  if (ticket) params.push("ticket=" + encodeURIComponent(ticket));
  if (elder) params.push("elder=1");
  return params.length ? base + "#" + params.join("&") : base;
}

// The H5's origin + path when `path` lies under the H5's directory; "" otherwise.
function samePlace(base, path) {
  if (!path || path.charAt(0) !== "/" || path.charAt(1) === "/" || /[#\\\s]/.test(path) || path.length > 1024) return "";
  var origin = (base.match(/^https?:\/\/[^/?#]+/) || [""])[0];
  if (!origin) return "";
  var rest = base.slice(origin.length).split("?")[0] || "/";
  var dir = rest.slice(0, rest.lastIndexOf("/") + 1);
  if (path.slice(0, dir.length) !== dir || path.split("?")[0].split("/").indexOf("..") >= 0) return "";
  return origin + path;
}

// Reads a page query value: the H5 encodes every value it puts in /pages/…?…
function queryValue(value) {
  if (value === undefined || value === null) return "";
  try {
    return decodeURIComponent(String(value));
  } catch (e) {
    return String(value);
  }
}

module.exports = { webViewSrc: webViewSrc, queryValue: queryValue };
