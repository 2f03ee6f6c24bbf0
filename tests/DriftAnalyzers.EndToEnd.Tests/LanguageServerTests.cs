using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>
    /// A real C# language server (csharp-ls 0.28.0, a local dotnet tool of this repository) driven over LSP: it loads the
    /// sample, runs the analyzers (once its csharp.analyzersEnabled setting is true) and pushes the DRIFT squiggles.
    /// The client advertises no pull diagnostics, so the server pushes them with textDocument/publishDiagnostics.
    /// </summary>
    [NonParallelizable]
    public sealed class LanguageServerTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

        [OneTimeSetUp]
        public void Prepare()
        {
            var restore = Shell.Run(Shell.RepositoryRoot, "dotnet", "tool", "restore");
            Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());

            // The language server loads the analyzers the sample references; they must be built.
            var build = Shell.Run(Shell.RepositoryRoot, "dotnet", "build", "samples/AuditApp/AuditApp.csproj");
            Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        }

        [Test]
        public async Task The_language_server_pushes_the_DRIFT_squiggles_with_their_ranges_and_messages()
        {
            string sample = Path.Combine(Shell.RepositoryRoot, "samples", "AuditApp");
            string file = Path.Combine(sample, "Models", "ExpertProfile.cs");
            string fileUri = new Uri(file).AbsoluteUri;

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Shell.RepositoryRoot, UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("tool");
            start.ArgumentList.Add("run");
            start.ArgumentList.Add("csharp-ls");
            start.Environment.Remove("MSBuildSDKsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            using var server = Process.Start(start)!;
            var log = new StringBuilder();
            server.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (log) { log.AppendLine(e.Data); } } };
            server.BeginErrorReadLine();
            var rpc = new JsonRpc(server.StandardInput.BaseStream, server.StandardOutput.BaseStream);
            try
            {
                var settings = new JsonObject { ["analyzersEnabled"] = true };
                await rpc.Request("initialize", new JsonObject
                {
                    ["processId"] = Environment.ProcessId,
                    ["rootUri"] = new Uri(sample + "/").AbsoluteUri,
                    ["capabilities"] = new JsonObject
                    {
                        ["workspace"] = new JsonObject { ["configuration"] = true, ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false } },
                        ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true } },
                    },
                    ["initializationOptions"] = new JsonObject { ["csharp"] = settings.DeepClone() },
                }, settings, Patience);
                await rpc.Notify("initialized", new JsonObject());
                await rpc.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = settings.DeepClone() } });
                await rpc.Notify("textDocument/didOpen", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = fileUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = File.ReadAllText(file) },
                });

                var diagnostics = await rpc.WaitForNotification(
                    "textDocument/publishDiagnostics",
                    p => (string?)p["uri"] == fileUri && p["diagnostics"]!.AsArray().Any(d => (string?)d!["code"] == "DRIFT001"),
                    settings,
                    Patience);
                var drift = diagnostics["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == "DRIFT001")!;
                Assert.That((int)drift["range"]!["start"]!["line"]!, Is.EqualTo(7));
                Assert.That((int)drift["range"]!["start"]!["character"]!, Is.EqualTo(16));
                Assert.That((int)drift["range"]!["end"]!["line"]!, Is.EqualTo(7));
                Assert.That((int)drift["range"]!["end"]!["character"]!, Is.EqualTo(22));
                Assert.That((string?)drift["message"], Is.EqualTo("Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot audit_app.json (database audit_app))"));
                Assert.That((int?)drift["severity"], Is.EqualTo(2), "a warning");

                await rpc.Request("shutdown", null, settings, TimeSpan.FromSeconds(30));
                await rpc.Notify("exit", null);
            }
            catch (TimeoutException e)
            {
                Assert.Fail(e.Message + "\nserver log:\n" + log);
            }
            finally
            {
                if (!server.WaitForExit(10_000))
                {
                    server.Kill(entireProcessTree: true);
                }
            }
        }

        /// <summary>Just enough JSON-RPC over stdio for an LSP client: framing, requests, notifications, answering the server.</summary>
        private sealed class JsonRpc
        {
            private readonly Stream input;
            private readonly Stream output;
            private int nextId;

            public JsonRpc(Stream input, Stream output)
            {
                this.input = input;
                this.output = output;
            }

            public async Task<JsonNode?> Request(string method, JsonNode? parameters, JsonObject settings, TimeSpan timeout)
            {
                int id = ++nextId;
                await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    var message = await Receive(deadline, settings);
                    if (message["id"] is JsonValue v && v.TryGetValue(out int responseId) && responseId == id && message["method"] == null)
                    {
                        return message["result"];
                    }
                }
            }

            public Task Notify(string method, JsonNode? parameters)
                => Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

            public async Task<JsonNode> WaitForNotification(string method, Func<JsonNode, bool> match, JsonObject settings, TimeSpan timeout)
            {
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    var message = await Receive(deadline, settings);
                    if ((string?)message["method"] == method && message["id"] == null && message["params"] is { } p && match(p))
                    {
                        return p;
                    }
                }
            }

            /// <summary>Reads the next message; answers the server's own requests on the way (configuration: our settings).</summary>
            private async Task<JsonNode> Receive(DateTime deadline, JsonObject settings)
            {
                while (true)
                {
                    var remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        throw new TimeoutException("no matching message from the language server in time");
                    }

                    var read = ReadMessage();
                    if (await Task.WhenAny(read, Task.Delay(remaining)) != read)
                    {
                        throw new TimeoutException("no message from the language server in time");
                    }

                    var message = await read;
                    if (message["method"] is { } method && message["id"] is { } id)
                    {
                        JsonNode? result = (string?)method == "workspace/configuration"
                            ? new JsonArray(message["params"]!["items"]!.AsArray().Select(_ => (JsonNode?)settings.DeepClone()).ToArray())
                            : null;
                        await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
                        continue;
                    }

                    return message;
                }
            }

            private async Task Send(JsonObject message)
            {
                byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
                byte[] header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length + "\r\n\r\n");
                await input.WriteAsync(header);
                await input.WriteAsync(body);
                await input.FlushAsync();
            }

            private async Task<JsonNode> ReadMessage()
            {
                var header = new List<byte>();
                var one = new byte[1];
                while (!(header.Count >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n'))
                {
                    if (await output.ReadAsync(one) == 0)
                    {
                        throw new TimeoutException("the language server closed its output");
                    }

                    header.Add(one[0]);
                }

                int length = Encoding.ASCII.GetString(header.ToArray()).Split("\r\n")
                    .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture))
                    .Single();
                var body = new byte[length];
                await output.ReadExactlyAsync(body);
                return JsonNode.Parse(body)!;
            }
        }
    }
}
