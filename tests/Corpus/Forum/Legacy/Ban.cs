using System;
using System.ComponentModel.DataAnnotations.Schema;

namespace Forum.Legacy
{
    [Table("forum_bans")]
    public class Ban
    {
        public int Id { get; set; }
        public int MemberId { get; set; }
        public string Reason { get; set; }
        public DateTime Until { get; set; }
    }
}
