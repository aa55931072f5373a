// A @web/test-runner plugin that lets a browser test make the page's next fetch of a file fail,
// as it would offline or after a deploy replaced the file, to test what the code does when a
// chunk it loads on first use cannot be fetched. It works on the test's own page only (through
// the browser's DevTools protocol), so other test files running beside it are not touched.
//
// It pauses only the requests whose URL holds the path (the DevTools `Fetch` domain with that
// pattern, on a session of its own) and lets go of the page once the fault has fired. Puppeteer's
// request interception was used before: it takes every request of the page, and a page the test
// runner reused for a later file could never start a worker again (its script's request waited
// forever, even after interception was switched off), which timed out the worker tests there.

/** `executeServerCommand('fail-next-fetch', { pathEnd })`: the next request whose path ends so fails. */
export function networkFaultsPlugin() {
  return {
    name: 'network-faults',
    async executeCommand({ command, payload, session }) {
      if (command !== 'fail-next-fetch') return undefined;
      const page = session.browser.getPage(session.id);
      const pathEnd = String(payload.pathEnd);
      const client = await page.createCDPSession();
      let fired = false;
      client.on('Fetch.requestPaused', ({ requestId, request }) => {
        if (!fired && new URL(request.url).pathname.endsWith(pathEnd)) {
          fired = true;
          void client
            .send('Fetch.failRequest', { requestId, errorReason: 'InternetDisconnected' })
            .then(() => client.send('Fetch.disable'))
            .then(() => client.detach())
            .catch(() => undefined);
        } else {
          void client.send('Fetch.continueRequest', { requestId }).catch(() => undefined);
        }
      });
      await client.send('Fetch.enable', {
        patterns: [{ urlPattern: `*${pathEnd}*`, requestStage: 'Request' }],
      });
      return true;
    },
  };
}
