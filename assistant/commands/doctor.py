"""``recap doctor``: which backend and endpoint recap will use, and why (key never shown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor(
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
        model: Annotated[str | None, typer.Option("--model", help="临时指定模型名称")] = None,
        base_url: Annotated[str | None, typer.Option("--base-url",
                            help="临时指定接口地址")] = None,
        ping: Annotated[bool, typer.Option("--ping",
                        help="实际发送一个很小的请求，测试密钥、地址和模型名是否可用")] = False,
    ) -> None:
        """检查模型配置:将使用哪个后端、哪个接口(不会显示密钥)。"""
        from rich.table import Table

        from assistant.console import UI
        from assistant.llm.config import OPENAI_DEFAULT_BASE_URL, load_llm_config, user_config_path

        ui = UI()
        cfg = load_llm_config(config, overrides={"model": model, "base_url": base_url})
        table = Table(title="recap 模型配置", show_header=False, box=None, pad_edge=False)
        table.add_column("项目", style="bold")
        table.add_column("取值")
        if cfg.configured:
            table.add_row("起草后端", "llm（已配置模型；recap draft 默认用模型起草）")
            table.add_row("模型", f"{cfg.model}(来自 {cfg.source('model')})")
        else:
            table.add_row("起草后端", "offline（未配置模型；recap draft 默认离线起草）")
            table.add_row("模型", "未设置（设置 RECAP_MODEL 或配置文件 \\[llm] model 后启用模型）")
        table.add_row("接口地址", f"{cfg.display_url}（来自 {cfg.source('base_url')}）")
        table.add_row("API 密钥", cfg.key_status())
        table.add_row("并发 / 超时 / 重试",
                      f"{cfg.concurrency} 个章节 / {cfg.timeout:g} 秒 / {cfg.max_retries} 次"
                      f"（首次等待 {cfg.retry_backoff:g} 秒，之后加倍）")
        table.add_row("生成参数", f"temperature {cfg.temperature:g}，每节最多输出 "
                                  f"{cfg.max_output_tokens} tokens,{'流式' if cfg.stream else '非流式'}")
        table.add_row("提示词预算", f"每节 {cfg.token_budget} tokens（计数方式：cl100k，"
                                    "远低于预算时用字符估算）")
        window = cfg.window()
        table.add_row("上下文窗口", (
            f"{window} tokens（按模型分词器约为 cl100k 的 {cfg.tokenizer_factor:g} 倍留余量）"
            if window else "未设置（服务端报告超出上下文时自动缩减范文重试；本地模型建议设置 "
                           "context_window，见 docs/models.md）"))
        table.add_row("单次调用时限", f"{cfg.deadline:g} 秒（超过即停止该次调用）")
        table.add_row("数字核对", f"不通过时最多重问 {cfg.reask_rounds} 轮，仍有问题会在起草结果中列出")
        table.add_row("调用缓存", f"开启({cfg.resolved_cache_path()})" if cfg.cache else "关闭")
        user_file = Path(config) if config else user_config_path()
        state = "已读取" if user_file in cfg.files else "不存在，使用默认值"
        table.add_row("用户配置文件", f"{user_file}({state})")
        ui.print(table)
        secret = cfg.secret()
        if cfg.configured and not secret and cfg.base_url.rstrip("/") == OPENAI_DEFAULT_BASE_URL:
            ui.warn("OpenAI 官方接口需要 API 密钥：请设置环境变量 RECAP_API_KEY（或 OPENAI_API_KEY）。")
        from urllib.parse import urlsplit

        from assistant.llm.redact import url_secrets

        try:
            host = urlsplit(cfg.base_url).hostname or ""
        except ValueError:
            host = ""
        credentials = secret or url_secrets(cfg.base_url)
        if credentials and cfg.base_url.startswith("http://") and host not in (
                "localhost", "127.0.0.1", "::1", "[::1]"):
            ui.warn("接口地址是 http://（未加密），API 密钥会以明文在网络上传输；请改用 https://。")
        if ping:
            if not cfg.configured:
                ui.warn("未配置模型，无法测试连接。")
                raise typer.Exit(1)
            import asyncio

            from assistant.llm.client import aping

            ui.info(f"正在测试连接 {cfg.display_url} ……")
            seconds = asyncio.run(aping(cfg))
            ui.success(f"连接正常：模型 {cfg.model} 在 {seconds:.1f} 秒内回复。")
