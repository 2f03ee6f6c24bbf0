using System;
using System.Collections.Generic;

namespace Forum.Entities
{
    public class ForumThread
    {
        public int Id { get; set; }
        public string Title { get; set; }
        public bool IsLocked { get; set; }
        public DateTime CreatedAt { get; set; }
        public virtual ICollection<Post> Posts { get; set; } = new List<Post>();
    }
}
