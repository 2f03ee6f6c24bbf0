using System;

namespace Forum.Entities
{
    public class Post
    {
        public long Id { get; set; }
        public int ThreadId { get; set; }
        public virtual ForumThread Thread { get; set; }
        public int AuthorId { get; set; }
        public virtual Member Author { get; set; }
        public string Body { get; set; }
        public int Score { get; set; }
        public DateTime PostedAt { get; set; }
        public DateTime? EditedAt { get; set; }
    }
}
