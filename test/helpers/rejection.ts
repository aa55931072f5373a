/** What `promise` rejects with; a promise that fulfils fails the test, since a refusal was expected. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the request to be refused, but it succeeded.');
}
