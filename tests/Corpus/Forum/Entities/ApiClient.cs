using System;
using System.Collections.Generic;

namespace Forum.Entities
{
    public class ApiClient
    {
        public Guid Id { get; set; }
        public string Name { get; set; }
        public List<string> Scopes { get; set; } = new List<string>();
        public DateTime? RevokedAt { get; set; }
    }
}
