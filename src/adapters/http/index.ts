export { HttpAdapter, type HttpAdapterOptions, type TokenSource } from './http-adapter.js';
