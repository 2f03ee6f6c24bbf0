using System;
using System.ComponentModel.DataAnnotations.Schema;

namespace Forum.Legacy
{
    /// <summary>From the PHP forum this one replaced; kept for the one-off import script, which was never finished.</summary>
    [Table("legacy_votes")]
    public class LegacyVote
    {
        public int Id { get; set; }
        public int PostId { get; set; }
        public int Value { get; set; }
    }
}
