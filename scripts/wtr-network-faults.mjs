// A @web/test-runner plugin that lets a browser test make the page's next fetch of a file fail,
// as it would offline or after a deploy replaced the file, to test what the code does when a
// chunk it loads on first use cannot be fetched. It works on the test's own page only (through
// the browser's DevTools protocol), so other test files running beside it are not touched.

/** `executeServerCommand('fail-next-fetch', { pathEnd })`: the next request whose path ends so fails. */
export function networkFaultsPlugin() {
  const intercepted = new WeakSet();
  return {
    name: 'network-faults',
    async executeCommand({ command, payload, session }) {
      if (command !== 'fail-next-fetch') return undefined;
      const page = session.browser.getPage(session.id);
      const pending = { pathEnd: String(payload.pathEnd) };
      page.convFaults = [...(page.convFaults ?? []), pending];
      if (!intercepted.has(page)) {
        intercepted.add(page);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          if (request.isInterceptResolutionHandled()) return;
          const path = new URL(request.url()).pathname;
          const fault = page.convFaults.find((candidate) => path.endsWith(candidate.pathEnd));
          if (fault) {
            page.convFaults = page.convFaults.filter((candidate) => candidate !== fault);
            void request.abort('internetdisconnected');
          } else void request.continue();
        });
      }
      return true;
    },
  };
}
