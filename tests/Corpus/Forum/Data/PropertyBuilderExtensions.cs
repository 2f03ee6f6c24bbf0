using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forum.Data
{
    public static class PropertyBuilderExtensions
    {
        private static readonly ValueComparer<List<string>> ListComparer = new ValueComparer<List<string>>(
            (a, b) => a.SequenceEqual(b),
            v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
            v => v.ToList());

        /// <summary>Stores the list as a JSON array in a jsonb column.</summary>
        public static PropertyBuilder<List<string>> HasJsonColumn(this PropertyBuilder<List<string>> builder)
        {
            builder.HasConversion(
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions)null),
                v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions)null) ?? new List<string>());
            builder.Metadata.SetValueComparer(ListComparer);
            return builder.HasColumnType("jsonb");
        }
    }
}
