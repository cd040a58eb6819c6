// Tongban Alipay shell. Everything the citizen does happens in the H5 page (pages/index);
// this app only logs in, passes the ticket and offers the native map page.
App({
  globalData: { lastReceipt: null },
});
