// Fails when the OpenAI client changes a member the guard relies on that is not its public API
// (see `framework-internals.ts`): the promise member its helpers call on `create`, the props it
// hands them, the request id of answers, and the public stream class's constructor.
import OpenAI, { APIPromise } from "openai";
import { Stream } from "openai/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeProvider,
  startFakeProvider,
} from "../../../test/integrations/helpers/fake-provider.js";
import { openaiHandler } from "../../../test/integrations/helpers/openai-fake.js";
import { openaiFramework } from "./framework-internals.js";

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider(openaiHandler);
});
afterAll(() => provider.close());

const client = () => new OpenAI({ apiKey: "sk-test", baseURL: provider.url, maxRetries: 0 });
const body = { model: "gpt-test", messages: [{ role: "user" as const, content: "Hello" }] };

/** What the promise member gave a transform that keeps both its arguments. */
type Unwrapped = Promise<{
  data: { choices: { message: { content: string } }[] };
  props: { response: unknown; options: unknown };
}>;

/** Calls the promise member the guard relies on, on `promise`, keeping data and props. */
function unwrapped(promise: object): Unwrapped {
  const member: unknown = Reflect.get(promise, openaiFramework.thenUnwrap);
  if (typeof member !== "function")
    throw new Error(`no ${openaiFramework.thenUnwrap} on the promise`);
  return Reflect.apply(member, promise, [(data: unknown, props: unknown) => ({ data, props })]);
}

describe("the OpenAI client's members the guard relies on", () => {
  it("APIPromise has the member its helpers call, handing it the data and the response's props", async () => {
    const member = Reflect.get(APIPromise.prototype, openaiFramework.thenUnwrap);
    expect(typeof member).toBe("function");
    const promise = client().chat.completions.create(body);
    const { data, props } = await unwrapped(promise);
    expect(data.choices[0]?.message.content).toBe("echo: Hello");
    expect(props.response).toBeInstanceOf(Response);
  });

  it("chat.completions.parse calls that member on what create returns", async () => {
    const openai = client();
    const calls: string[] = [];
    const create = openai.chat.completions.create.bind(openai.chat.completions);
    Object.defineProperty(openai.chat.completions, "create", {
      value: (...args: Parameters<typeof create>) => {
        const promise = create(...args);
        const member = Reflect.get(promise, openaiFramework.thenUnwrap);
        return Object.assign(promise, {
          [openaiFramework.thenUnwrap]: (...rest: unknown[]) => {
            calls.push("thenUnwrap");
            return Reflect.apply(member, promise, rest);
          },
        });
      },
    });
    await openai.chat.completions.parse(body);
    expect(calls).toEqual(["thenUnwrap"]);
  });

  it("answers carry their request id, not enumerable, under the name the guard copies", async () => {
    const { data, request_id } = await client().chat.completions.create(body).withResponse();
    const field = Object.getOwnPropertyDescriptor(data, openaiFramework.requestId);
    expect(field?.enumerable).toBe(false);
    expect(field?.value).toBe(request_id);
  });

  it("the public Stream class is built from an iterator and a controller", async () => {
    expect(openaiFramework.Stream).toBe(Stream);
    const controller = new AbortController();
    const stream = new Stream(async function* () {
      yield { n: 1 };
      yield { n: 2 };
    }, controller);
    const seen: unknown[] = [];
    for await (const item of stream) seen.push(item);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(stream.controller).toBe(controller);
  });
});
