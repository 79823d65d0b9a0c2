"""The model backend: an OpenAI-compatible chat model drafts each section.

Import-light on purpose: ``assistant.llm.config`` is read by ``recap doctor`` and by
the backend chooser, so nothing here pulls in langchain or openai. The chain
(``assistant.llm.chain``) imports them when it actually runs.
"""
