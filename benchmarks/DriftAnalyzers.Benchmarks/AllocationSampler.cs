using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// Where allocations go, by type: the runtime's allocation-tick events (one per ~100 KB allocated, naming the type of
    /// the object that crossed the mark), counted while <see cref="Sampling"/> is set. A sample, not an exact count.
    /// </summary>
    internal sealed class AllocationSampler : EventListener
    {
        private const int AllocationKeyword = 0x1;
        private readonly ConcurrentDictionary<string, long> samples = new(StringComparer.Ordinal);
        private int sampling;

        public bool Sampling
        {
            get => Volatile.Read(ref sampling) != 0;
            set => Volatile.Write(ref sampling, value ? 1 : 0);
        }

        /// <summary>The types with the most samples, each with its estimated share of the bytes (samples × 100 KB).</summary>
        public IEnumerable<string> Top(int count)
            => samples.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => $"{p.Value * 100,8} KB  {p.Key}");

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)AllocationKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (Sampling && eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true
                && eventData.PayloadNames?.IndexOf("TypeName") is int index and >= 0 && eventData.Payload?[index] is string type)
            {
                samples.AddOrUpdate(type, 1, (_, count) => count + 1);
            }
        }
    }
}
