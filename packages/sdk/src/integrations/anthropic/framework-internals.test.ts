// Fails when the Anthropic client changes a member the guard relies on that is not its public API
// (see `framework-internals.ts`): the promise member its helpers (message threads) call on
// `create`, the props it hands them, the request id of answers, and the public stream class's constructor.
import Anthropic, { APIPromise } from "@anthropic-ai/sdk";
import { Stream } from "@anthropic-ai/sdk/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicHandler } from "../../../test/integrations/helpers/anthropic-fake.js";
import { inProcessAnthale, policyId } from "../../../test/integrations/helpers/fake-anthale.js";
import {
  type FakeProvider,
  startFakeProvider,
} from "../../../test/integrations/helpers/fake-provider.js";
import { anthropicFramework } from "./framework-internals.js";
import { guardAnthropic } from "./index.js";

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider(anthropicHandler);
});
afterAll(() => provider.close());

const client = () => new Anthropic({ apiKey: "sk-test", baseURL: provider.url, maxRetries: 0 });
const body = {
  model: "claude-test",
  max_tokens: 64,
  messages: [{ role: "user" as const, content: "Hello" }],
};

/** What the promise member gave a transform that keeps both its arguments. */
type Unwrapped = Promise<{
  data: { content: { text: string }[] };
  props: { response: unknown; options: unknown };
}>;

/** Calls the promise member the guard relies on, on `promise`, keeping data and props. */
function unwrapped(promise: object): Unwrapped {
  const member: unknown = Reflect.get(promise, anthropicFramework.thenUnwrap);
  if (typeof member !== "function")
    throw new Error(`no ${anthropicFramework.thenUnwrap} on the promise`);
  return Reflect.apply(member, promise, [(data: unknown, props: unknown) => ({ data, props })]);
}

describe("the Anthropic client's members the guard relies on", () => {
  it("APIPromise has the member its helpers call, handing it the data and the response's props", async () => {
    const member = Reflect.get(APIPromise.prototype, anthropicFramework.thenUnwrap);
    expect(typeof member).toBe("function");
    const promise = client().messages.create(body);
    const { data, props } = await unwrapped(promise);
    expect(data.content[0]?.text).toBe("echo: Hello");
    expect(props.response).toBeInstanceOf(Response);
    // The beta stream helper reads the request options from the props.
    expect(props.options).toBeTypeOf("object");
  });

  it("a guarded create offers that member, with the props of the original response", async () => {
    const anthropic = guardAnthropic(client(), { policyId, client: inProcessAnthale().client });
    const promise = anthropic.beta.messages.create(body);
    const { data, props } = await unwrapped(promise);
    expect(data.content[0]?.text).toBe("echo: Hello");
    expect(props.response).toBeInstanceOf(Response);
    expect(props.options).toBeTypeOf("object");
  });

  it("answers carry their request id, not enumerable, under the name the guard copies", async () => {
    const { data, request_id } = await client().messages.create(body).withResponse();
    const field = Object.getOwnPropertyDescriptor(data, anthropicFramework.requestId);
    expect(field?.enumerable).toBe(false);
    expect(field?.value).toBe(request_id);
  });

  it("the public Stream class is built from an iterator and a controller", async () => {
    expect(anthropicFramework.Stream).toBe(Stream);
    const controller = new AbortController();
    const stream = new Stream(async function* () {
      yield { n: 1 };
    }, controller);
    const seen: unknown[] = [];
    for await (const item of stream) seen.push(item);
    expect(seen).toEqual([{ n: 1 }]);
    expect(stream.controller).toBe(controller);
  });
});
