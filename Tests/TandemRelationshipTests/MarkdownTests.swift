import Testing
import TandemRelationship

@Suite struct MarkdownTests {
    @Test func renders_the_subset() {
        let html = Markdown.html("""
        # Returns window
        From **1 July** returns take *30 days*, see [the article](https://kb.example/returns?a=1&b=2).

        - Tell customers `RMA` numbers
        - Escalate damaged items
        1. First
        2. Second

        ```
        <b>code</b>
        ```
        """)
        #expect(html == """
        <h3>Returns window</h3>
        <p>From <strong>1 July</strong> returns take <em>30 days</em>, see <a href="https://kb.example/returns?a=1&amp;b=2" rel="noopener noreferrer">the article</a>.</p>
        <ul><li>Tell customers <code>RMA</code> numbers</li><li>Escalate damaged items</li></ul>
        <ol><li>First</li><li>Second</li></ol>
        <pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>
        """)
    }

    @Test func escapes_everything_else_and_refuses_unsafe_links() {
        #expect(Markdown.html("<script>alert('x')</script>") == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>")
        #expect(Markdown.html("[click](javascript:alert(1))") == "<p>click (javascript:alert(1))</p>")
        #expect(!Markdown.html("[x](data:text/html;base64,AAA)").contains("<a"))
        #expect(Markdown.html("[x](\"onmouseover=alert(1) https://a.b)").contains("<a") == false)
        #expect(Markdown.html("snake_case_name and 2*3*4") == "<p>snake_case_name and 2*3*4</p>")
        #expect(Markdown.html("line one\nline two") == "<p>line one<br>\nline two</p>")
    }
}
